import type { NetworkFailure } from "../../http/network-error.js";
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
import { bareHost } from "./host.js";

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
