/**
 * Redaction of secrets in everything we print, log, trace or report.
 *
 * A secret can leak in more than its raw form, and a hostile or careless server chooses the form
 * when it echoes a credential back: inside `Bearer x`; as base64 of `user:pass` in a Basic header,
 * or base64 of a larger text at any byte offset; percent-encoded in either case (`%2f`, `%2F`, even
 * `%2D` for an unreserved `-`); JSON-escaped (`\/`, `\u0041`, `\"`), or any mix of those.
 *
 * How: the text is read once into a normal form — JSON escapes and ASCII percent-escapes decoded,
 * each character remembering where it came from — and the secrets and their base64 fragments are
 * looked up there as plain strings. Each match is then blanked in the original text, whatever
 * spelling it had. Every output path passes text through one Redactor, and server text is
 * redacted whole before anything cuts it: a secret cut in half no longer matches.
 */
export const REDACTED = "[REDACTED]";

/**
 * Secrets shorter than this are not redacted as free-standing substrings ("a" would blank every
 * word); they are redacted where they are an Authorization value (`Authorization: ab`, `Bearer ab`).
 */
const MIN_SECRET_LENGTH = 4;

/** A base64 fragment shorter than this is too likely to occur by chance. */
const MIN_BASE64_CORE = 4;

export class Redactor {
  private readonly secrets = new Set<string>();
  private readonly shortSecrets = new Set<string>();
  private index: NeedleIndex | undefined;
  private shortPattern: RegExp | undefined;

  /** Register a secret (token, password, private key); its encoded forms are matched too. */
  addSecret(secret: string | undefined): this {
    if (!secret) return this;
    if (secret.length < MIN_SECRET_LENGTH) {
      if (secret.trim() !== "") this.shortSecrets.add(secret);
    } else {
      this.secrets.add(secret);
      // A multi-line secret (a PEM key) also leaks line by line.
      for (const line of secret.split(/\r?\n/)) {
        if (line.trim().length >= 16) this.secrets.add(line.trim());
      }
    }
    this.index = undefined;
    this.shortPattern = undefined;
    return this;
  }

  /** Register HTTP Basic credentials: the password, and the base64 of `user:password`. */
  addBasicCredentials(username: string | undefined, password: string | undefined): this {
    this.addSecret(password);
    if (password) this.addSecret(Buffer.from(`${username ?? ""}:${password}`).toString("base64"));
    return this;
  }

  private get hasSecrets(): boolean {
    return this.secrets.size > 0 || this.shortSecrets.size > 0;
  }

  redact(text: string): string {
    if (!this.hasSecrets || text === "") return text;
    let result = text;
    if (this.secrets.size > 0) {
      this.index ??= new NeedleIndex(needlesFor(this.secrets));
      // Escapes only ever shorten the normal form: a text shorter than every needle holds none.
      if (result.length >= this.index.shortest) result = blank(result, this.index.find(normalise(result)));
    }
    if (this.shortSecrets.size > 0) {
      this.shortPattern ??= shortSecretPattern(this.shortSecrets);
      result = result.replace(this.shortPattern, REDACTED);
    }
    return result;
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

// ---------------------------------------------------------------------------------------------
// The normal form: escapes decoded, every character mapped back to where it came from
// ---------------------------------------------------------------------------------------------

interface Normalised {
  text: string;
  /** starts[i]: where normal character i begins in the original; starts[length]: the original's length. */
  starts: Int32Array | undefined;
}

const SHORT_ESCAPES: Record<string, string> = { "/": "/", '"': '"', "\\": "\\", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/**
 * Decode `\uXXXX` and the short JSON escapes, and `%XX` for ASCII bytes (either case), one
 * character at a time, so any mix of spellings reads as the plain text. Text without `\` or `%`
 * is its own normal form.
 */
function normalise(text: string): Normalised {
  if (!text.includes("\\") && !text.includes("%")) return { text, starts: undefined };
  const units = new Uint16Array(text.length);
  const starts = new Int32Array(text.length + 1);
  let length = 0;
  let index = 0;
  while (index < text.length) {
    let unit = text.charCodeAt(index);
    let width = 1;
    if (unit === 0x5c) {
      const next = text[index + 1] ?? "";
      const escaped = next === "u" ? hexAt(text, index + 2, 4) : -1;
      if (escaped >= 0) {
        unit = escaped;
        width = 6;
      } else if (SHORT_ESCAPES[next] !== undefined) {
        unit = (SHORT_ESCAPES[next] ?? next).charCodeAt(0);
        width = 2;
      }
    } else if (unit === 0x25) {
      const byte = hexAt(text, index + 1, 2);
      if (byte >= 0 && byte < 0x80) {
        unit = byte;
        width = 3;
      }
    }
    units[length] = unit;
    starts[length] = index;
    length += 1;
    index += width;
  }
  starts[length] = text.length;
  return { text: new TextDecoder("utf-16le").decode(units.subarray(0, length)), starts: starts.subarray(0, length + 1) };
}

/** The value of `digits` hex digits at `at`, or -1. */
function hexAt(text: string, at: number, digits: number): number {
  if (at + digits > text.length) return -1;
  let value = 0;
  for (let offset = 0; offset < digits; offset += 1) {
    const code = text.charCodeAt(at + offset);
    const digit = code >= 0x30 && code <= 0x39 ? code - 0x30 : code >= 0x61 && code <= 0x66 ? code - 0x57 : code >= 0x41 && code <= 0x46 ? code - 0x37 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** Replace the original text behind each match (overlapping ones merged) with the marker. */
function blank(original: string, ranges: readonly (readonly [number, number])[]): string {
  if (ranges.length === 0) return original;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let result = "";
  let cursor = 0;
  for (const [start, end] of sorted) {
    if (end <= cursor) continue;
    if (start >= cursor) result += original.slice(cursor, start) + REDACTED;
    cursor = end;
  }
  return result + original.slice(cursor);
}

// ---------------------------------------------------------------------------------------------
// The needles: each secret, its form-encoded spelling, and its base64 at every alignment
// ---------------------------------------------------------------------------------------------

function needlesFor(secrets: ReadonlySet<string>): string[] {
  const needles = new Set<string>();
  for (const secret of secrets) {
    needles.add(secret);
    if (secret.includes(" ")) needles.add(secret.replace(/ /g, "+"));
    // normalise decodes ASCII percent-escapes only: non-ASCII characters stay as their UTF-8 bytes' escapes.
    if ([...secret].some((character) => character.charCodeAt(0) > 0x7f)) {
      const escaped = [...secret].map((character) => (character.charCodeAt(0) > 0x7f ? encodeURIComponent(character) : character)).join("");
      needles.add(escaped);
      needles.add(escaped.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
    }
    for (const core of base64Cores(secret)) needles.add(core);
  }
  return [...needles].filter((needle) => needle.length >= MIN_SECRET_LENGTH);
}

/**
 * The part of base64 that depends only on the secret, wherever it sits in the encoded text: for
 * each of the three byte alignments, the characters whose six bits all come from the secret, in
 * the standard and the URL-safe alphabet; and the whole encoding, padding included.
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

/**
 * Finds every occurrence of any needle in a normal form. A handful of needles per secret: the
 * engine's own substring search, needle by needle, beats hashing every position of the text.
 */
class NeedleIndex {
  /** The shortest needle's length (Infinity when there are none). */
  readonly shortest: number;

  constructor(private readonly needles: readonly string[]) {
    this.shortest = Math.min(...needles.map((needle) => needle.length));
  }

  /** Ranges in the original text (through the normal form's map); overlaps are merged by blank(). */
  find(normal: Normalised): [number, number][] {
    const { text, starts } = normal;
    const ranges: [number, number][] = [];
    for (const needle of this.needles) {
      for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index + 1)) {
        const end = index + needle.length;
        ranges.push(starts ? [starts[index] ?? 0, starts[end] ?? 0] : [index, end]);
      }
    }
    return ranges;
  }
}

// ---------------------------------------------------------------------------------------------
// Short secrets: only as the value of an Authorization header
// ---------------------------------------------------------------------------------------------

function shortSecretPattern(secrets: ReadonlySet<string>): RegExp {
  const schemes = ["bearer", "basic", "ssws", "token"].map(caseless).join("|");
  // Where an Authorization value starts: `Authorization: `, `"authorization":"`, `Bearer `.
  const context = `(?<=${caseless("authorization")}[\\s"'\\\\:=]{1,8}(?:(?:${schemes})\\s+)?|(?:${schemes})\\s+)`;
  const alternatives = [...secrets].sort((a, b) => b.length - a.length).map(flexible);
  return new RegExp(`${context}(?:${alternatives.join("|")})(?![A-Za-z0-9_~+/=-])`, "g");
}

/** A short secret with each character also as a JSON escape or a percent-escape, either case. */
function flexible(text: string): string {
  let source = "";
  for (const character of text) {
    const code = character.charCodeAt(0);
    const spellings = [escapeRegExp(character), `\\\\u${hexPattern(code, 4)}`];
    if (code < 0x80) spellings.push(`%${hexPattern(code, 2)}`);
    const short = Object.entries(SHORT_ESCAPES).find(([, value]) => value === character)?.[0];
    if (short !== undefined) spellings.push(`\\\\${escapeRegExp(short)}`);
    source += `(?:${spellings.join("|")})`;
  }
  return source;
}

/** `0x2f` → `2[fF]`: hex digits in either case. */
function hexPattern(value: number, digits: number): string {
  return [...value.toString(16).padStart(digits, "0")].map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit)).join("");
}

function caseless(word: string): string {
  return [...word].map((letter) => `[${letter.toLowerCase()}${letter.toUpperCase()}]`).join("");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
