import { ScimHttpError } from "./errors.js";

export type ReferenceServerAuth =
  | {
      mode: "header";
      token: string;
      /** Accept the bare token as well as "Bearer <token>" (default true): Okta's header auth sends what the admin pasted. */
      acceptRawToken?: boolean;
      /** Accept HTTP Basic with these credentials too (the sandbox: whichever auth the admin picks in Okta works). */
      basic?: { username: string; password: string };
    }
  | { mode: "basic"; username: string; password: string }
  | { mode: "none" };

function isAuthorized(auth: ReferenceServerAuth, header: string | undefined): boolean {
  if (auth.mode === "none") return true;
  if (header === undefined) return false;
  const [scheme = "", ...rest] = header.trim().split(/\s+/);
  const credential = rest.join(" ");
  if (auth.mode === "header") {
    if (scheme.toLowerCase() === "bearer" && credential === auth.token) return true;
    if (auth.basic && isBasic(auth.basic, scheme, credential)) return true;
    return (auth.acceptRawToken ?? true) && header.trim() === auth.token;
  }
  return isBasic(auth, scheme, credential);
}

function isBasic(expected: { username: string; password: string }, scheme: string, credential: string): boolean {
  if (scheme.toLowerCase() !== "basic") return false;
  const decoded = Buffer.from(credential, "base64").toString("utf8");
  return decoded === `${expected.username}:${expected.password}`;
}

/** Refuses a request without the configured credential: 401 with a SCIM Error (Okta SPEC step 11). */
export function requireCredential(auth: ReferenceServerAuth, header: string | undefined): void {
  if (isAuthorized(auth, header)) return;
  const challenge = auth.mode === "basic" ? 'Basic realm="scim"' : 'Bearer realm="scim"';
  throw new ScimHttpError(401, header === undefined ? "Authorization header is missing" : "The credential in the Authorization header is not valid", undefined, {
    "www-authenticate": challenge,
  });
}
