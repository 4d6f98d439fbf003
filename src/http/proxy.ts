/**
 * Which forward proxy a request to a URL goes through, decided exactly as the run's dispatcher
 * decides it (createDispatcher: HTTPS_PROXY / HTTP_PROXY, upper case first, then undici's
 * EnvHttpProxyAgent rules for NO_PROXY). Checks that open their own connections (the certificate
 * inspection, the DNS diagnosis) ask this, so they see the server the way the requests do.
 */
export interface ProxyRoute {
  /** The proxy URL as configured (may carry user:password; never print it, see `shown`). */
  url: URL;
  /** The env var it came from, for messages. */
  variable: string;
  /** `http://proxy.corp:3128`: the proxy without its credentials. */
  shown: string;
}

const DEFAULT_PORTS: Record<string, number> = { "http:": 80, "https:": 443 };

export function proxyFor(target: URL, env: NodeJS.ProcessEnv): ProxyRoute | undefined {
  const httpsProxy = pick(env, "HTTPS_PROXY", "https_proxy");
  const httpProxy = pick(env, "HTTP_PROXY", "http_proxy");
  // As createDispatcher: without either variable every request is direct.
  if (!httpsProxy && !httpProxy) return undefined;
  const chosen = target.protocol === "https:" ? (httpsProxy ?? httpProxy) : httpProxy;
  if (!chosen) return undefined;
  const noProxy = env.NO_PROXY ?? env.no_proxy ?? "";
  if (!shouldProxy(target, noProxy)) return undefined;
  let url: URL;
  try {
    url = new URL(chosen.value);
  } catch {
    return undefined;
  }
  return { url, variable: chosen.variable, shown: `${url.protocol}//${url.host}` };
}

function pick(env: NodeJS.ProcessEnv, ...names: string[]): { variable: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value) return { variable: name, value };
  }
  return undefined;
}

/** undici's EnvHttpProxyAgent#shouldProxy and #parseNoProxy, on the URL of one request. */
function shouldProxy(target: URL, noProxy: string): boolean {
  let hostname = target.host.replace(/:\d*$/, "").replace(/^\[(.+)\]$/, "$1").toLowerCase();
  if (hostname.length > 1 && hostname.endsWith(".")) hostname = hostname.slice(0, -1);
  const port = Number.parseInt(target.port, 10) || DEFAULT_PORTS[target.protocol] || 0;
  const entries = noProxy
    .split(/[,\s]/)
    .filter(Boolean)
    .map(parseNoProxyEntry);
  if (entries.length === 0) return true;
  for (const entry of entries) {
    if (entry.hostname === "*") {
      if (entry.port && entry.port !== port) continue;
      return false;
    }
    if (entry.port && entry.port !== port) continue;
    if (!entry.wildcard && hostname === entry.hostname) return false;
    if (hostname.endsWith(`.${entry.hostname}`)) return false;
  }
  return true;
}

function parseNoProxyEntry(entry: string): { hostname: string; port: number; wildcard: boolean } {
  let hostname: string;
  let port: number;
  const ipv6WithPort = /^\[(.+)\]:(\d+)$/.exec(entry);
  if (ipv6WithPort?.[1] && ipv6WithPort[2]) {
    hostname = ipv6WithPort[1];
    port = Number.parseInt(ipv6WithPort[2], 10);
  } else {
    const unbracketed = entry.replace(/^\[(.+)\]$/, "$1");
    const colons = (unbracketed.match(/:/g) ?? []).length;
    const parsed = colons === 1 ? /^(.+):(\d+)$/.exec(unbracketed) : null;
    hostname = parsed?.[1] ?? unbracketed;
    port = parsed?.[2] ? Number.parseInt(parsed[2], 10) : 0;
  }
  return {
    hostname: hostname.replace(/^\*?\./, "").replace(/^(.+)\.$/, "$1").toLowerCase(),
    port,
    wildcard: entry.startsWith("*"),
  };
}
