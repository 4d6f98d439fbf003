/**
 * Redaction of secrets in everything we print, log, trace or report.
 *
 * A secret can leak in more than its raw form, and a hostile or careless server chooses the form
 * when it echoes a credential back: inside `Bearer x`; as base64 of `user:pass` in a Basic header,
 * or base64 of a larger text at any byte offset; percent-encoded in either case (`%2f`, `%2F`, even
 * `%2D` for an unreserved `-`); JSON-escaped (`\/`, `\u0041`, `\"`), or any mix of those. The
 * redactor matches every character of a secret in each of those spellings, so one pattern covers
 * all the mixes. Every output path passes text through one Redactor, and server text is redacted
 * whole before anything cuts it: a secret cut in half no longer matches.
 */
export const REDACTED = "[REDACTED]";

/**
 * Secrets shorter than this are not redacted as free-standing substrings ("a" would blank every
 * word); they are redacted where they are an Authorization value (`Authorization: ab`, `Bearer ab`).
 */
const MIN_SECRET_LENGTH = 4;

/** Beyond this length a secret is matched only literally and line by line (a PEM key, say). */
const MAX_FLEXIBLE_LENGTH = 512;

/** A base64 fragment shorter than this is too likely to occur by chance. */
const MIN_BASE64_CORE = 4;

export class Redactor {
  private readonly needles = new Set<string>();
  private readonly shortSecrets = new Set<string>();
  private pattern: RegExp | undefined;

  /** Register a secret (token, password, private key); its encoded forms are matched too. */
  addSecret(secret: string | undefined): this {
    if (!secret) return this;
    if (secret.length < MIN_SECRET_LENGTH) {
      if (secret.trim() !== "") this.shortSecrets.add(secret);
    } else {
      this.needles.add(secret);
      for (const line of secret.split(/\r?\n/)) {
        if (line.trim().length >= 16) this.needles.add(line.trim());
      }
    }
    this.pattern = undefined;
    return this;
  }

  /** Register HTTP Basic credentials: the password, and the base64 of `user:password`. */
  addBasicCredentials(username: string | undefined, password: string | undefined): this {
    this.addSecret(password);
    if (password) this.addSecret(Buffer.from(`${username ?? ""}:${password}`).toString("base64"));
    return this;
  }

  get hasSecrets(): boolean {
    return this.needles.size > 0 || this.shortSecrets.size > 0;
  }

  redact(text: string): string {
    if (!this.hasSecrets) return text;
    this.pattern ??= buildPattern(this.needles, this.shortSecrets);
    return text.replace(this.pattern, REDACTED);
  }

  /**
   * Redact the whole text, then cut it to `max` characters (never the other way round: a token cut
   * in half escapes the redactor). A cut never splits the `[REDACTED]` marker.
   */
  excerpt(text: string, max: number): string {
    const redacted = this.redact(text);
    if (redacted.length <= max) return redacted;
    let end = max;
    const marker = redacted.lastIndexOf(REDACTED, end);
    if (marker !== -1 && marker < end && marker + REDACTED.length > end) end = marker + REDACTED.length;
    return end >= redacted.length ? redacted : `${redacted.slice(0, end)}…`;
  }

  /** Redact every string inside a JSON-like value, keys included; the value itself is not changed. */
  redactValue<T>(value: T): T {
    if (!this.hasSecrets) return value;
    return mapStrings(value, (text) => this.redact(text)) as T;
  }
}

/** Strings (keys included) of plain data replaced; anything else kept as it is. */
function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === "string") return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[map(key)] = mapStrings(item, map);
    return copy;
  }
  return value;
}

function buildPattern(needles: ReadonlySet<string>, shortSecrets: ReadonlySet<string>): RegExp {
  const forms = new Set<string>();
  for (const needle of needles) {
    if (needle.length > MAX_FLEXIBLE_LENGTH) {
      forms.add(escapeRegExp(needle));
      continue;
    }
    forms.add(flexible(needle));
    for (const core of base64Cores(needle)) forms.add(flexible(core));
  }
  const alternatives = [...forms].sort((a, b) => b.length - a.length);
  if (shortSecrets.size > 0) {
    // Where a value of an Authorization header starts: `Authorization: `, `"authorization":"`, `Bearer `.
    const schemes = ["bearer", "basic", "ssws", "token"].map(caseless).join("|");
    const context = `(?<=${caseless("authorization")}[\\s"'\\\\:=]{1,8}(?:(?:${schemes})\\s+)?|(?:${schemes})\\s+)`;
    const secrets = [...shortSecrets].sort((a, b) => b.length - a.length).map(flexible);
    alternatives.push(`${context}(?:${secrets.join("|")})(?![A-Za-z0-9_~+/=-])`);
  }
  return new RegExp(alternatives.join("|"), "g");
}

/**
 * A pattern matching `text` with each character in any of the spellings a server may choose:
 * itself, a JSON `\uXXXX` escape, a short JSON escape (`\/`, `\"`, `\\`, `\n`, …), its UTF-8 bytes
 * percent-encoded in either case, or `+` for a space (form encoding).
 */
function flexible(text: string): string {
  let source = "";
  for (const character of text) {
    const spellings = [escapeRegExp(character)];
    let unicodeEscape = "";
    for (let index = 0; index < character.length; index += 1) {
      unicodeEscape += `\\\\u${hexPattern(character.charCodeAt(index), 4)}`;
    }
    spellings.push(unicodeEscape);
    const short = JSON_SHORT_ESCAPES[character];
    if (short) spellings.push(`\\\\${escapeRegExp(short)}`);
    spellings.push([...Buffer.from(character, "utf8")].map((byte) => `%${hexPattern(byte, 2)}`).join(""));
    if (character === " ") spellings.push("\\+");
    source += `(?:${spellings.join("|")})`;
  }
  return source;
}

const JSON_SHORT_ESCAPES: Record<string, string> = { "/": "/", '"': '"', "\\": "\\", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t" };

/** `0x2f` → `2[fF]`: hex digits in either case. */
function hexPattern(value: number, digits: number): string {
  return [...value.toString(16).padStart(digits, "0")].map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit)).join("");
}

function caseless(word: string): string {
  return [...word].map((letter) => `[${letter.toLowerCase()}${letter.toUpperCase()}]`).join("");
}

/**
 * The part of base64 that depends only on the secret, wherever it sits in the encoded text: for
 * each of the three byte alignments, the characters whose six bits all come from the secret, in
 * the standard and the URL-safe alphabet.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const cores = new Set<string>([bytes.toString("base64"), bytes.toString("base64url")]);
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const first = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    const core = encoded.slice(first, end);
    if (core.length < MIN_BASE64_CORE) continue;
    cores.add(core);
    cores.add(core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return [...cores];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
