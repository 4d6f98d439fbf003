/**
 * Likely SCIM base URLs near a base URL that answered 404: the usual mistakes are a missing or
 * extra `/scim/v2` or `/v2`, and a pasted `/Users`. Pure; the original URL is never a candidate.
 */
export function candidateBasePaths(baseUrl: string): string[] {
  const url = new URL(baseUrl);
  const origin = url.origin;
  const path = url.pathname.replace(/\/+$/, "");
  const candidates: string[] = [];
  const add = (candidatePath: string) => candidates.push(`${origin}${candidatePath.replace(/\/+$/, "")}`);

  const withoutResource = path.replace(/\/(Users|Groups)$/i, "");
  if (withoutResource !== path) add(withoutResource);
  const base = withoutResource;

  if (/\/scim\/v2$/i.test(base)) {
    add(base.replace(/\/v2$/i, ""));
  } else if (/\/scim$/i.test(base)) {
    add(`${base}/v2`);
  } else if (/\/v2$/i.test(base)) {
    add(base.replace(/\/v2$/i, "/scim/v2"));
    add(base.replace(/\/v2$/i, ""));
  } else {
    add(`${base}/scim/v2`);
    add(`${base}/v2`);
    add(`${base}/scim`);
  }
  add("/scim/v2");
  add("/api/scim/v2");

  const original = `${origin}${path}`;
  return [...new Set(candidates)].filter((candidate) => candidate !== original).slice(0, 6);
}

/**
 * A base URL that names a resource (`…/scim/v2/Users`, a common paste): which one, and the URL
 * without it. Okta appends /Users and /Groups itself, so such a base URL never reaches the users.
 */
export function pastedResource(baseUrl: string): { resource: string; fixed: string } | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  const match = /^(.*?)\/+(Users|Groups)\/*$/i.exec(url.pathname);
  return match ? { resource: match[2] ?? "Users", fixed: `${url.origin}${match[1] ?? ""}` } : undefined;
}
