import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import { Agent, EnvHttpProxyAgent, type Dispatcher } from "undici";
import { UsageError } from "../core/errors.js";

export interface DispatcherOptions {
  /** Accept certificates Okta would reject (self-signed, expired, wrong host). */
  insecure?: boolean;
  timeoutMs: number;
  /** Independent requests in flight per origin (keep-alive connections). */
  connections?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * One keep-alive connection pool per run. Honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY (undici's
 * EnvHttpProxyAgent) and NODE_EXTRA_CA_CERTS, for Okta and SCIM traffic alike.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const env = options.env ?? process.env;
  const ca = extraCertificates(env);
  const connect = {
    timeout: options.timeoutMs,
    rejectUnauthorized: !options.insecure,
    ...(ca ? { ca: [...rootCertificates, ca] } : {}),
  };
  const pool = {
    connect,
    connections: options.connections ?? 8,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 10_000,
  };
  const httpsProxy = env.HTTPS_PROXY || env.https_proxy;
  const httpProxy = env.HTTP_PROXY || env.http_proxy;
  // Without a proxy a plain Agent: the proxy agent would consult process.env on every request.
  if (!httpsProxy && !httpProxy) return new Agent(pool);
  // Through a proxy, `connect` applies to the proxy connection; the server's TLS (and so --insecure and
  // NODE_EXTRA_CA_CERTS) is `requestTls`, and an https:// proxy's own TLS is `proxyTls`.
  const tls = { rejectUnauthorized: connect.rejectUnauthorized, ...(connect.ca ? { ca: connect.ca } : {}) };
  return new EnvHttpProxyAgent({
    ...pool,
    requestTls: tls,
    proxyTls: { ...(connect.ca ? { ca: connect.ca } : {}) },
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(httpProxy ? { httpProxy } : {}),
    noProxy: env.NO_PROXY ?? env.no_proxy ?? "",
  });
}

function extraCertificates(env: NodeJS.ProcessEnv): string | undefined {
  const path = env.NODE_EXTRA_CA_CERTS;
  if (!path) return undefined;
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read NODE_EXTRA_CA_CERTS=${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      "point NODE_EXTRA_CA_CERTS at a PEM file or unset it",
    );
  }
}
