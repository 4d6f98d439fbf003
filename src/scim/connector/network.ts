import { lookup } from "node:dns/promises";
import type { NetworkFailure } from "../../http/network-error.js";
import { proxyFor } from "../../http/proxy.js";
import {
  answerCutOff,
  connectionRefused,
  connectionReset,
  dnsFailure,
  jsonTooDeep,
  proxyRefused,
  responseTooLarge,
  timeout,
  tlsHandshake,
  undecodableBody,
  type Diagnosis,
} from "./diagnoses.js";
import { bareHost, type StaticVerdict } from "./host.js";

/**
 * The addresses the base URL's host resolves to here, for connector/public-address — unless the
 * requests go through a proxy (HTTPS_PROXY, not exempted by NO_PROXY): then the proxy resolves the
 * host, and this machine's DNS is neither what the requests nor what Okta sees, so it is not asked.
 */
export async function resolveHost(
  url: URL,
  env: NodeJS.ProcessEnv,
): Promise<{ addresses: string[]; error: string | undefined; skipped: StaticVerdict | undefined }> {
  const host = bareHost(url);
  const proxy = proxyFor(url, env);
  if (proxy) {
    return {
      addresses: [],
      error: undefined,
      skipped: { status: "skipped", message: `not resolved here: requests go through the proxy ${proxy.shown} (${proxy.variable}), which resolves ${host} itself` },
    };
  }
  try {
    const found = await lookup(host, { all: true, verbatim: true });
    return { addresses: found.map((entry) => entry.address), error: undefined, skipped: undefined };
  } catch (error) {
    return { addresses: [], error: (error as NodeJS.ErrnoException).code ?? "UNKNOWN", skipped: undefined };
  }
}

/**
 * Why Okta's request got no usable HTTP answer, in the terms an admin can act on. Pure. Whether it
 * got any answer at all (exit 3) or a broken one (a finding) is `gotNoAnswer(failure)`.
 */
export function diagnoseNetworkFailure(
  failure: NetworkFailure,
  url: URL,
  timeoutMs: number,
  certificateCheckRan: boolean,
): Diagnosis {
  const host = bareHost(url);
  const origin = `${host}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
  const status = failure.answered?.status ?? 0;
  switch (failure.kind) {
    case "dns":
      return dnsFailure(host, failure.code);
    case "refused":
      return connectionRefused(origin, failure.code);
    case "timeout":
      return timeout(url.href, timeoutMs, failure.code);
    case "tls":
      return tlsHandshake(host, failure.code, failure.message, certificateCheckRan);
    case "proxy":
      return proxyRefused(origin, failure.code, failure.message);
    case "cut-off":
      return answerCutOff(url.href, status, failure.code, failure.message);
    case "too-large":
      return responseTooLarge(url.href, status, failure.message);
    case "too-deep":
      return jsonTooDeep(url.href, status, failure.message);
    case "undecodable":
      return undecodableBody(url.href, status, failure.message);
    case "reset":
    case "aborted":
    case "other-origin":
    case "other":
      return connectionReset(origin, failure.code, failure.message);
  }
}
