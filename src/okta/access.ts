/**
 * Which OAuth scope and which admin role an Okta endpoint needs (research/okta-api.md §5, §6, §8),
 * so that a 401/403 can name what is missing instead of saying "forbidden".
 */
interface AccessNeed {
  /** The scopes an OAuth service app must be granted and request. */
  scopes: string[];
  /** Admin roles that cover the endpoint, most specific first. */
  roles: string[];
  /** What the endpoint is about, in the Admin Console's words. */
  area: string;
}

interface AccessRule {
  pattern: RegExp;
  area: string;
  read: string[];
  write: string[];
  roles: string[];
}

const APP_ROLES = ["Application Administrator", "Super Administrator"];

/** First match wins: more specific paths first. */
const RULES: AccessRule[] = [
  {
    pattern: /^\/api\/v1\/apps\/[^/]+\/group-push(\/|$)/,
    area: "group push",
    read: ["okta.apps.read", "okta.groups.read"],
    write: ["okta.apps.manage", "okta.groups.manage"],
    roles: ["Super Administrator (or Application Administrator together with Group Administrator)"],
  },
  { pattern: /^\/api\/v1\/apps(\/|$)/, area: "applications", read: ["okta.apps.read"], write: ["okta.apps.manage"], roles: APP_ROLES },
  { pattern: /^\/api\/v1\/mappings(\/|$)/, area: "profile mappings", read: ["okta.profileMappings.read"], write: ["okta.profileMappings.manage"], roles: APP_ROLES },
  { pattern: /^\/api\/v1\/meta\/schemas\/apps\//, area: "app user schemas (Profile Editor)", read: ["okta.schemas.read"], write: ["okta.schemas.manage"], roles: APP_ROLES },
  { pattern: /^\/api\/v1\/meta\/schemas\//, area: "user schemas (Profile Editor)", read: ["okta.schemas.read"], write: ["okta.schemas.manage"], roles: ["Super Administrator"] },
  { pattern: /^\/api\/v1\/meta\/types\/user(\/|$)/, area: "user types", read: ["okta.userTypes.read"], write: ["okta.userTypes.manage"], roles: ["Read-only Administrator", "Super Administrator"] },
  { pattern: /^\/api\/v1\/groups(\/|$)/, area: "groups", read: ["okta.groups.read"], write: ["okta.groups.manage"], roles: ["Group Administrator", "Super Administrator"] },
  { pattern: /^\/api\/v1\/users(\/|$)/, area: "users", read: ["okta.users.read"], write: ["okta.users.manage"], roles: ["Help Desk Administrator", "Super Administrator"] },
];

export function accessNeed(method: string, path: string): AccessNeed | undefined {
  const pathname = path.split("?")[0] ?? path;
  const rule = RULES.find((candidate) => candidate.pattern.test(pathname));
  if (!rule) return undefined;
  const write = !["GET", "HEAD"].includes(method.toUpperCase());
  return { scopes: write ? rule.write : rule.read, roles: rule.roles, area: rule.area };
}
