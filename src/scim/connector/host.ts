import { BlockList, isIP } from "node:net";
import { httpNotHttps, httpOnLoopback, loopbackAddress, privateAddress, underscoreInHost, type Diagnosis } from "./diagnoses.js";

/**
 * Checks on the base URL and the addresses its host resolves to, before any request. Pure: the
 * DNS lookup is done by the caller.
 */
export type StaticVerdict =
  | { status: "passed"; message: string }
  | { status: "failed" | "warned"; diagnosis: Diagnosis; required: boolean }
  | { status: "skipped"; message: string };

/** The host as a bare name or address: URL keeps IPv6 literals in brackets. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  return isIP(name) !== 0 && addressRange(name) === "loopback";
}

export function checkScheme(url: URL, loopback: boolean): StaticVerdict {
  if (url.protocol === "https:") return { status: "passed", message: "https" };
  const host = bareHost(url);
  return loopback
    ? { status: "warned", diagnosis: httpOnLoopback(host), required: false }
    : { status: "failed", diagnosis: httpNotHttps(host), required: true };
}

export function checkHostname(url: URL): StaticVerdict {
  const host = bareHost(url);
  return host.includes("_")
    ? { status: "failed", diagnosis: underscoreInHost(host), required: true }
    : { status: "passed", message: `${host} has no underscore` };
}

/** Ranges Okta's cloud cannot reach, by name. A public address matches none. */
const RANGES: { name: string; ipv4: [string, number][]; ipv6: [string, number][] }[] = [
  { name: "loopback", ipv4: [["127.0.0.0", 8]], ipv6: [["::1", 128]] },
  { name: "unspecified", ipv4: [["0.0.0.0", 8]], ipv6: [["::", 128]] },
  {
    name: "private",
    ipv4: [
      ["10.0.0.0", 8],
      ["172.16.0.0", 12],
      ["192.168.0.0", 16],
    ],
    ipv6: [["fc00::", 7]],
  },
  { name: "link-local", ipv4: [["169.254.0.0", 16]], ipv6: [["fe80::", 10]] },
  { name: "carrier-grade NAT", ipv4: [["100.64.0.0", 10]], ipv6: [] },
  {
    name: "reserved",
    ipv4: [
      ["192.0.0.0", 24],
      ["192.0.2.0", 24],
      ["198.18.0.0", 15],
      ["198.51.100.0", 24],
      ["203.0.113.0", 24],
      ["240.0.0.0", 4],
    ],
    ipv6: [
      ["2001:db8::", 32],
      ["100::", 64],
    ],
  },
  { name: "multicast", ipv4: [["224.0.0.0", 4]], ipv6: [["ff00::", 8]] },
];

const BLOCK_LISTS = RANGES.map(({ name, ipv4, ipv6 }) => {
  const list = new BlockList();
  for (const [network, prefix] of ipv4) list.addSubnet(network, prefix, "ipv4");
  for (const [network, prefix] of ipv6) list.addSubnet(network, prefix, "ipv6");
  return { name, list };
});

/** The name of the non-public range an address is in, or "public". */
export function addressRange(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const candidate = mapped ?? address;
  const family = isIP(candidate) === 6 ? "ipv6" : "ipv4";
  return BLOCK_LISTS.find(({ list }) => list.check(candidate, family))?.name ?? "public";
}

/**
 * Okta connects from its cloud: a host that resolves only to non-public addresses is reachable
 * from here, not from Okta. Loopback only is an optional failure (a local development server, see
 * connectorExitCode); any other non-public mix is required.
 */
export function checkPublicAddress(host: string, addresses: readonly string[]): StaticVerdict {
  if (addresses.length === 0) return { status: "skipped", message: `${host} resolved to no address` };
  const ranged = addresses.map((address) => ({ address, range: addressRange(address) }));
  const nonPublic = ranged.filter(({ range }) => range !== "public");
  if (nonPublic.length < ranged.length) {
    const note = nonPublic.length > 0 ? `; not public: ${nonPublic.map(({ address, range }) => `${address} (${range})`).join(", ")}` : "";
    return { status: "passed", message: `${host} resolves to public addresses (${ranged.filter(({ range }) => range === "public").map(({ address }) => address).join(", ")}${note})` };
  }
  const facts = { host, addresses: ranged };
  return ranged.every(({ range }) => range === "loopback")
    ? { status: "failed", diagnosis: loopbackAddress(facts), required: false }
    : { status: "failed", diagnosis: privateAddress(facts), required: true };
}
