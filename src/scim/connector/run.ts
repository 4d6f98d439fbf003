import type { Dispatcher } from "undici";
import type { Redactor } from "../../core/redact.js";
import { InterruptedError } from "../../core/errors.js";
import { describeFailedRequest, gotNoAnswer, NetworkError } from "../../http/network-error.js";
import type { RecordedExchange, TraceWriter } from "../../http/trace.js";
import { isSuccess, ScimClient, type ScimResponse } from "../client.js";
import type { ScimTarget } from "../target.js";
import { alternateAuthorization, shownAuthorization } from "./auth.js";
import { candidateBasePaths, pastedResource } from "./base-paths.js";
import { assessCertificate, inspectCertificate, type CertificateVerdict } from "./certificate.js";
import { checkDefinition, type CheckResult, type ConnectorCheckId } from "./checks.js";
import { notFound, resourceInBaseUrl, unauthorized, wrongBasePath, type Diagnosis, type UnauthorizedFacts } from "./diagnoses.js";
import { bareHost, checkHostname, checkPublicAddress, checkScheme, isLoopbackHost, type StaticVerdict } from "./host.js";
import { assessListAnswer, snippet, type ListVerdict } from "./list-response.js";
import { diagnoseNetworkFailure, resolveHost } from "./network.js";

/** Okta's "Test Connector Configuration" request, and the one it sends when To App is saved. */
const USERS_PATH = "/Users?startIndex=1&count=2";
const GROUPS_PATH = "/Groups?startIndex=1&count=100";
const EXPECTED_LIST = "200 and a ListResponse with integer totalResults, startIndex, itemsPerPage and a Resources array (may be empty)";

export interface ConnectorRun {
  baseUrl: string;
  startedAt: string;
  durationMs: number;
  /** In catalogue order. */
  checks: CheckResult[];
}

/** Everything a connector test needs, given explicitly: setup and demo call it as the command does. */
export interface ConnectorTestInput {
  target: ScimTarget;
  dispatcher: Dispatcher;
  redactor: Redactor;
  /** Aborted on Ctrl-C: the test stops with an InterruptedError. */
  signal: AbortSignal;
  /** For the certificate check: the proxy and NODE_EXTRA_CA_CERTS settings the requests use. */
  env: NodeJS.ProcessEnv;
  now: () => Date;
  trace?: TraceWriter;
  /** Called as each check finishes (progress). */
  onCheck?: (result: CheckResult) => void;
}

/**
 * The IO half of test-connector: resolve the host, inspect the certificate, send Okta's requests
 * (and, on a 401 or 404, the follow-ups that tell why), then hand the answers to the pure
 * verdicts. Every request goes through ScimClient: Okta's headers, no redirects followed, every
 * exchange redacted and traced.
 */
export async function runConnectorTest(input: ConnectorTestInput): Promise<ConnectorRun> {
  const { target, redactor, signal } = input;
  const started = performance.now();
  const startedAt = input.now().toISOString();
  const url = new URL(target.baseUrl);
  const host = bareHost(url);
  const checks: CheckResult[] = [];
  let sink: RecordedExchange[] = [];
  const client = new ScimClient({
    baseUrl: target.baseUrl,
    authorization: target.authorization,
    dispatcher: input.dispatcher,
    redactor,
    timeoutMs: target.timeoutMs,
    maxBodyBytes: target.maxBodyBytes,
    signal,
    ...(input.trace ? { trace: input.trace } : {}),
    onExchange: (exchange) => sink.push(exchange),
  });
  const record = (result: CheckResult) => {
    checks.push(result);
    input.onCheck?.(result);
    return result;
  };
  const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; durationMs: number; exchanges: RecordedExchange[] }> => {
    sink = [];
    const begin = performance.now();
    const value = await work();
    if (signal.aborted) throw new InterruptedError();
    return { value, durationMs: Math.round(performance.now() - begin), exchanges: sink };
  };

  // Through a proxy the host is not resolved here (the proxy does it): the address check says so.
  const resolved = await timed(() => resolveHost(url, input.env));
  const addresses = resolved.value.addresses;
  const loopback = isLoopbackHost(host) || (addresses.length > 0 && addresses.every((address) => isLoopbackHost(address)));

  record(fromStatic("connector/https", checkScheme(url, loopback)));
  record(fromStatic("connector/hostname", checkHostname(url)));
  const addressVerdict: StaticVerdict =
    resolved.value.skipped ??
    (resolved.value.error
      ? { status: "skipped", message: `could not resolve ${host} [${resolved.value.error}]; see connector/list-users` }
      : checkPublicAddress(host, addresses));
  record({ ...fromStatic("connector/public-address", addressVerdict), durationMs: resolved.durationMs });

  const inspected = await timed(async () =>
    url.protocol === "https:" && !resolved.value.error ? inspectCertificate(url, input.env, target.timeoutMs, signal) : undefined,
  );
  const certificate = assessCertificate(url, inspected.value, target.insecure);
  record({ ...fromCertificate(certificate), durationMs: inspected.durationMs });

  const http: Http = { get: (path, authorization) => send(client, path, redactor, authorization), url: (path) => client.url(path) };
  const users = record(await checkListUsers(http, target, url, certificate, timed));
  record(await checkListGroups(http, target, users, timed));

  return { baseUrl: target.baseUrl, startedAt, durationMs: Math.round(performance.now() - started), checks };
}

/** GET through Okta's client, answers redacted; `url` turns a path into the absolute URL. */
interface Http {
  get(path: string, authorization?: string): Promise<ScimResponse | NetworkError>;
  url(path: string): string;
}

type Timed = <T>(work: () => Promise<T>) => Promise<{ value: T; durationMs: number; exchanges: RecordedExchange[] }>;

async function checkListUsers(http: Http, target: ScimTarget, url: URL, certificate: CertificateVerdict, timed: Timed): Promise<CheckResult> {
  const requestUrl = http.url(USERS_PATH);
  const { value, durationMs, exchanges } = await timed(async () => {
    const answer = await http.get(USERS_PATH);
    if (answer instanceof NetworkError) {
      const certificateCheckRan = certificate.status === "failed";
      return { unreachable: diagnoseNetworkFailure(answer.failure, url, target.timeoutMs, certificateCheckRan), failure: answer.failure, answer: undefined };
    }
    // Whatever the server answers to …/Users/Users, Okta would never reach its users.
    const pasted = pastedResource(target.baseUrl);
    if (pasted) return { verdict: { kind: "failed" as const, diagnosis: resourceInBaseUrl(target.baseUrl, pasted.resource, pasted.fixed, target.baseUrlSource) }, answer };
    const verdict = assessListAnswer(answer, requestUrl, "Users");
    return { verdict: await explain(verdict, http, target, requestUrl), answer };
  });
  const base = { id: "connector/list-users" as const, required: true, exchanges, durationMs, expected: EXPECTED_LIST };
  if ("unreachable" in value && value.unreachable) {
    // A broken answer (cut off, too large) is a finding about the server; no answer at all is exit 3.
    const noAnswer = gotNoAnswer(value.failure);
    return {
      ...base,
      status: "failed",
      message: value.unreachable.title,
      diagnosis: value.unreachable,
      unreachable: noAnswer,
      failure: value.failure,
      actual: noAnswer ? "no HTTP answer" : describeFailedRequest(value.failure),
    };
  }
  const verdict = "verdict" in value ? value.verdict : undefined;
  const actual = value.answer ? describeAnswer(value.answer) : undefined;
  if (!verdict || verdict.kind === "passed") {
    return { ...base, status: "passed", message: verdict?.message ?? "passed", ...(actual ? { actual } : {}) };
  }
  return { ...base, status: "failed", message: verdict.diagnosis.title, diagnosis: verdict.diagnosis, ...(actual ? { actual } : {}) };
}

/** Okta sends this only when To App settings are saved: any failure is a warning. */
async function checkListGroups(http: Http, target: ScimTarget, users: CheckResult, timed: Timed): Promise<CheckResult> {
  const base = { id: "connector/list-groups" as const, required: false, expected: EXPECTED_LIST };
  if (users.status !== "passed") {
    return { ...base, status: "skipped", message: "skipped until connector/list-users passes", exchanges: [], durationMs: 0 };
  }
  const requestUrl = http.url(GROUPS_PATH);
  const { value, durationMs, exchanges } = await timed(async () => {
    const answer = await http.get(GROUPS_PATH);
    if (answer instanceof NetworkError) {
      return { diagnosis: diagnoseNetworkFailure(answer.failure, new URL(requestUrl), target.timeoutMs, false), answer: undefined };
    }
    const verdict = assessListAnswer(answer, requestUrl, "Groups");
    if (verdict.kind === "passed") return { passed: verdict.message, answer };
    if (verdict.kind === "failed") return { diagnosis: verdict.diagnosis, answer };
    if (verdict.kind === "not-found") return { diagnosis: notFound(requestUrl, [], verdict.detail, "Groups"), answer };
    const configured = shownAuthorization(target.authMode, target.headerFormat);
    return { diagnosis: unauthorized({ authMode: target.authMode, configured, alternate: undefined, detail: verdict.detail }), answer };
  });
  const actual = value.answer ? { actual: describeAnswer(value.answer) } : { actual: "no HTTP answer" };
  if ("passed" in value && value.passed !== undefined) return { ...base, status: "passed", message: value.passed, exchanges, durationMs, ...actual };
  const diagnosis = (value as { diagnosis: Diagnosis }).diagnosis;
  return { ...base, status: "warned", message: diagnosis.title, diagnosis, exchanges, durationMs, ...actual };
}

/**
 * A 401 or 404 alone does not say what to do: try the token in its other Bearer form, or the
 * likely base paths, with the same GET.
 */
async function explain(
  verdict: ListVerdict,
  http: Http,
  target: ScimTarget,
  requestUrl: string,
): Promise<Extract<ListVerdict, { kind: "passed" | "failed" }>> {
  if (verdict.kind === "unauthorized") {
    const configured = shownAuthorization(target.authMode, target.headerFormat);
    const alternate = alternateAuthorization(target.authMode, target.authorization, target.headerFormat);
    let tried: UnauthorizedFacts["alternate"];
    if (alternate) {
      const retry = await http.get(USERS_PATH, alternate.authorization);
      const accepted = !(retry instanceof NetworkError) && isSuccess(retry.status);
      tried = { form: alternate.form, shown: alternate.shown, accepted };
    }
    const appKind = target.template?.okta.app.kind;
    return { kind: "failed", diagnosis: unauthorized({ authMode: target.authMode, configured, alternate: tried, detail: verdict.detail, appKind, credentialSource: target.credentialSource }) };
  }
  if (verdict.kind === "not-found") {
    const candidates = candidateBasePaths(target.baseUrl);
    for (const candidate of candidates) {
      const probe = await http.get(`${candidate}${USERS_PATH}`);
      if (probe instanceof NetworkError) continue;
      if (assessListAnswer(probe, `${candidate}${USERS_PATH}`, "Users").kind === "passed") {
        return { kind: "failed", diagnosis: wrongBasePath(target.baseUrl, candidate, target.baseUrlSource) };
      }
    }
    return { kind: "failed", diagnosis: notFound(requestUrl, candidates, verdict.detail) };
  }
  return verdict;
}

/**
 * Send a GET and hand back the answer already redacted: verdicts quote and cut server text, and a
 * secret cut in half would no longer match the redactor.
 */
async function send(client: ScimClient, path: string, redactor: Redactor, authorization?: string): Promise<ScimResponse | NetworkError> {
  try {
    const answer = await client.send({ method: "GET", path, ...(authorization === undefined ? {} : { authorization }) });
    const json = answer.json === undefined ? undefined : redactor.redactValue(answer.json);
    return { ...answer, text: redactor.redact(answer.text), json, headers: redactor.redactValue(answer.headers) };
  } catch (error) {
    if (error instanceof NetworkError) {
      if (error.failure.kind === "aborted") throw new InterruptedError();
      return error;
    }
    throw error;
  }
}

function describeAnswer(answer: ScimResponse): string {
  const type = answer.headers["content-type"];
  const body = snippet(answer.text, 300);
  return `${answer.status}${type ? ` ${type}` : ""}${body ? `: ${body}` : " (empty body)"}`;
}

function fromStatic(id: ConnectorCheckId, verdict: StaticVerdict): CheckResult {
  const definition = checkDefinition(id);
  if (verdict.status === "passed" || verdict.status === "skipped") {
    return { id, status: verdict.status, required: definition.required, message: verdict.message, exchanges: [], durationMs: 0 };
  }
  return {
    id,
    status: verdict.status,
    required: verdict.required,
    message: verdict.diagnosis.title,
    diagnosis: verdict.diagnosis,
    exchanges: [],
    durationMs: 0,
  };
}

function fromCertificate(verdict: CertificateVerdict): CheckResult {
  const id = "connector/certificate";
  const status: CheckResult["status"] = verdict.status;
  if (verdict.status === "passed" || verdict.status === "skipped") {
    return { id, status, required: true, message: verdict.message, exchanges: [], durationMs: 0 };
  }
  return { id, status, required: true, message: verdict.diagnosis.title, diagnosis: verdict.diagnosis, exchanges: [], durationMs: 0 };
}
