import { randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Okta's id prefixes for the objects the emulator holds. */
export const ID_PREFIX = {
  app: "0oa",
  user: "00u",
  group: "00g",
  userType: "oty",
  mapping: "prm",
  groupPush: "gPm",
  error: "oae",
  token: "ATk",
} as const;

/** An id shaped like Okta's: the prefix and 17 letters or digits, 20 characters in all. */
export function newOktaId(prefix: string): string {
  const bytes = randomBytes(17);
  let id = prefix;
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

/** Okta writes timestamps with milliseconds zeroed (`2026-03-25T06:09:58.000Z`). */
export function oktaTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19)}.000Z`;
}

/** Group push mappings use second precision (`2026-03-25T06:09:58Z`), unlike every other resource (research §14). */
export function oktaTimestampSeconds(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}
