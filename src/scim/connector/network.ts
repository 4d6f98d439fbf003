import type { NetworkFailure } from "../../http/network-error.js";
import { connectionRefused, connectionReset, dnsFailure, timeout, tlsHandshake, type Diagnosis } from "./diagnoses.js";
import { bareHost } from "./host.js";

/** Why Okta's request got no HTTP answer, in the terms an admin can act on. Pure. */
export function diagnoseNetworkFailure(
  failure: NetworkFailure,
  url: URL,
  timeoutMs: number,
  certificateCheckRan: boolean,
): Diagnosis {
  const host = bareHost(url);
  const origin = `${host}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
  switch (failure.kind) {
    case "dns":
      return dnsFailure(host, failure.code);
    case "refused":
      return connectionRefused(origin, failure.code);
    case "timeout":
      return timeout(url.href, timeoutMs, failure.code);
    case "tls":
      return tlsHandshake(host, failure.code, failure.message, certificateCheckRan);
    case "reset":
    case "aborted":
    case "other":
      return connectionReset(origin, failure.code, failure.message);
  }
}
