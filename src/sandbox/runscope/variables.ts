import { createHash, randomInt } from "node:crypto";

/** A `{{name}}` the test uses that neither the caller, the initial script nor an earlier step set. */
class UndefinedVariableError extends Error {
  constructor(readonly variable: string) {
    super(`variable {{${variable}}} is not defined: set it as an initial variable (or in the initial script) before the step that uses it`);
    this.name = "UndefinedVariableError";
  }
}

const RANDOM_STRING_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

type BuiltIn = (args: string[], now: Date) => string;

/** Runscope's built-in variables and functions, as its docs list them, usable as `{{name(args)}}`. */
const BUILT_INS: Record<string, BuiltIn> = {
  timestamp: (_args, now) => String(Math.floor(now.getTime() / 1000)),
  utc_datetime: (_args, now) => now.toISOString(),
  random_int: (args) => {
    const [low = 0, high = 2 ** 31 - 1] = args.map(Number);
    return String(randomInt(Math.trunc(low), Math.trunc(high) + 1));
  },
  random_string: (args) => {
    const length = Math.max(0, Math.trunc(Number(args[0] ?? 16)) || 0);
    let text = "";
    for (let index = 0; index < length; index += 1) text += RANDOM_STRING_ALPHABET[randomInt(RANDOM_STRING_ALPHABET.length)];
    return text;
  },
  encode_base64: (args) => Buffer.from(args.join(","), "utf8").toString("base64"),
  encode_url: (args) => encodeURIComponent(args.join(",")),
  md5: (args) => createHash("md5").update(args.join(",")).digest("hex"),
  sha1: (args) => createHash("sha1").update(args.join(",")).digest("hex"),
  sha256: (args) => createHash("sha256").update(args.join(",")).digest("hex"),
};

/**
 * The variables of one run: initial variables, what the initial script and scripts set, and what
 * steps extract. `render` fills `{{name}}` (and Runscope's built-in functions) into a URL, header or
 * body; a filled-in value is never scanned again, so a value containing `{{` stays as it is.
 */
export class RunscopeVariables {
  private readonly values = new Map<string, string>();

  constructor(
    initial: Record<string, string> = {},
    private readonly now: () => Date = () => new Date(),
  ) {
    for (const [name, value] of Object.entries(initial)) this.values.set(name, value);
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  set(name: string, value: unknown): void {
    this.values.set(name, stringify(value));
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  toObject(): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  render(text: string): string {
    let out = "";
    let index = 0;
    while (index < text.length) {
      const open = text.indexOf("{{", index);
      if (open === -1) break;
      const close = matchingClose(text, open);
      if (close === -1) break;
      out += text.slice(index, open) + this.evaluate(this.render(text.slice(open + 2, close)).trim());
      index = close + 2;
    }
    return out + text.slice(index);
  }

  private evaluate(expression: string): string {
    const call = /^([A-Za-z_]\w*)\((.*)\)$/s.exec(expression);
    if (call) {
      const [, name = "", rawArgs = ""] = call;
      const builtIn = BUILT_INS[name];
      if (builtIn) return builtIn(rawArgs.trim() === "" ? [] : rawArgs.split(",").map((arg) => arg.trim()), this.now());
    }
    const value = this.values.get(expression);
    if (value !== undefined) return value;
    const builtIn = BUILT_INS[expression];
    if (builtIn) return builtIn([], this.now());
    throw new UndefinedVariableError(expression);
  }
}

/** The index of the `}}` closing the `{{` at `open`, counting nested pairs; -1 when unclosed. */
function matchingClose(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length - 1; index += 1) {
    if (text.startsWith("{{", index)) {
      depth += 1;
      index += 1;
    } else if (text.startsWith("}}", index)) {
      depth -= 1;
      if (depth === 0) return index;
      index += 1;
    }
  }
  return -1;
}

/** Variables hold strings, as in Runscope: extracted numbers and booleans become their text. */
export function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value) ?? "";
}
