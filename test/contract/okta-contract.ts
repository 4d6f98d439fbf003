import { createRequire } from "node:module";
import type { FormatsPlugin } from "ajv-formats";
import { OpenAPIBackend, type Operation } from "openapi-backend";
import type { RecordedExchange } from "../../src/sandbox/okta/index.js";
import { OKTA_DEVIATIONS, type Deviation, type ViolationKind } from "./okta-deviations.js";
import { loadOktaSpec, OKTA_SPEC_FILE, type OpenApiDocument } from "./okta-spec.js";

/**
 * Every exchange with the Okta emulator checked against Okta's published OpenAPI spec with
 * openapi-backend (its router finds the operation, its Ajv validators check bodies and
 * parameters; ajv-formats adds `date-time` and friends). What the spec cannot express — a status
 * the operation does not declare, a body where none is declared or none where one is — is checked
 * here. A violation that a research §14 recording explains is a deviation (okta-deviations.ts);
 * any other one fails the suite.
 */
export interface ContractViolation {
  kind: ViolationKind;
  operationId: string | undefined;
  method: string;
  path: string;
  status: number;
  /** JSON pointer into the body, for schema errors. */
  instancePath?: string;
  /** The Okta error code of the answer, if it is an error body. */
  errorCode?: string;
  message: string;
}

export interface ExchangeVerdict {
  /** The spec's operation, undefined when the spec has none (an unknown route the emulator answered 404). */
  operationId: string | undefined;
  violations: ContractViolation[];
  deviations: Array<{ violation: ContractViolation; deviation: Deviation }>;
  /** Outside the management spec (the OAuth token endpoint). */
  outOfScope: boolean;
}

/** ajv-formats is CommonJS whose module.exports is the plugin; require() gets it the same way under Node and vitest. */
const addFormats = createRequire(import.meta.url)("ajv-formats") as FormatsPlugin;

interface ResponseSpec {
  content?: Record<string, { schema?: unknown }>;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(";")[0]?.trim().toLowerCase();
}

export class OktaContract {
  private constructor(private readonly api: OpenAPIBackend) {}

  static async load(file: string = OKTA_SPEC_FILE): Promise<OktaContract> {
    const definition: OpenApiDocument = loadOktaSpec(file);
    const api = new OpenAPIBackend({
      definition: definition as never,
      // quick: validators compile on first use, so only the operations we use pay for it.
      quick: true,
      validate: true,
      ajvOpts: { strict: false, allErrors: true },
      customizeAjv: (ajv) => {
        addFormats(ajv);
        return ajv;
      },
    });
    await api.init();
    return new OktaContract(api);
  }

  check(exchange: RecordedExchange): ExchangeVerdict {
    const { method, path, status } = exchange;
    if (!path.startsWith("/api/v1/")) return { operationId: undefined, violations: [], deviations: [], outOfScope: true };
    const query = Object.fromEntries(new URLSearchParams(exchange.query));
    const headers: Record<string, string> = exchange.requestContentType ? { "content-type": exchange.requestContentType } : {};
    const request = { method: method.toLowerCase(), path, query, headers, body: parseJson(exchange.requestBody) };
    const operation = this.api.matchOperation(request) as Operation | undefined;
    const found: ContractViolation[] = [];
    const answered = parseJson(exchange.responseBody);
    const errorCode = answered !== null && typeof answered === "object" && "errorCode" in answered ? String((answered as { errorCode: unknown }).errorCode) : undefined;
    const violation = (kind: ViolationKind, message: string, instancePath?: string): void => {
      found.push({ kind, operationId: operation?.operationId, method, path, status, message, ...(instancePath !== undefined ? { instancePath } : {}), ...(errorCode !== undefined ? { errorCode } : {}) });
    };

    if (!operation) {
      // The emulator routed it, so it claims an operation the spec does not have.
      if (exchange.routedAs !== undefined) violation("operation", `the spec has no operation for ${method} ${path} (the emulator answered as ${exchange.routedAs})`);
      return this.verdict(undefined, found);
    }
    if (exchange.routedAs !== undefined && exchange.routedAs !== operation.operationId) {
      violation("operation", `the emulator routes this as ${exchange.routedAs}, the spec as ${operation.operationId}`);
    }

    // A request Okta accepted must be one the spec allows; refused ones are the tests' bad input.
    if (status >= 200 && status < 300) {
      const result = this.api.validateRequest(request, operation);
      for (const error of result.errors ?? []) violation("request", `${error.instancePath || "/"} ${error.message ?? error.keyword}`, error.instancePath);
    }

    const responses = (operation.responses ?? {}) as Record<string, ResponseSpec>;
    const declared = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    if (!declared) {
      violation("status", `status ${status} is not declared (declared: ${Object.keys(responses).join(", ")})`);
      return this.verdict(operation.operationId, found);
    }
    const body = answered;
    const content = declared.content ?? {};
    const declaredTypes = Object.keys(content);
    if (body === undefined) {
      if (declaredTypes.some((type) => content[type]?.schema !== undefined)) violation("body-missing", `status ${status} declares a ${declaredTypes.join("/")} body; the answer has none`);
    } else if (declaredTypes.length === 0) {
      violation("body-unexpected", `status ${status} declares no body; the answer has one`);
    } else {
      const type = mediaType(exchange.responseHeaders["content-type"]);
      if (!type || !declaredTypes.includes(type)) violation("content-type", `content type ${type ?? "(none)"} is not declared (${declaredTypes.join(", ")})`);
      const result = this.api.validateResponse(body, operation, status);
      for (const error of result.errors ?? []) violation("response", `${error.instancePath || "/"} ${error.message ?? error.keyword}`, error.instancePath);
    }
    return this.verdict(operation.operationId, found);
  }

  private verdict(operationId: string | undefined, found: ContractViolation[]): ExchangeVerdict {
    const violations: ContractViolation[] = [];
    const deviations: ExchangeVerdict["deviations"] = [];
    for (const violation of found) {
      const deviation = OKTA_DEVIATIONS.find((candidate) => matchesDeviation(candidate, violation));
      if (deviation) deviations.push({ violation, deviation });
      else violations.push(violation);
    }
    return { operationId, violations, deviations, outOfScope: false };
  }
}

export function matchesDeviation(deviation: Deviation, violation: ContractViolation): boolean {
  if (deviation.operationId !== "*" && deviation.operationId !== violation.operationId) return false;
  if (deviation.status !== violation.status || deviation.kind !== violation.kind) return false;
  if (deviation.errorCode !== undefined && deviation.errorCode !== violation.errorCode) return false;
  if (deviation.instancePath === undefined) return true;
  return violation.instancePath !== undefined && deviation.instancePath.test(violation.instancePath);
}

export function describeViolation(violation: ContractViolation): string {
  return `${violation.operationId ?? "(no operation)"} ${violation.method} ${violation.path} → ${violation.status}: [${violation.kind}] ${violation.message}`;
}
