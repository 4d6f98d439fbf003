/**
 * Redaction of secrets in everything we print, log, trace or report.
 *
 * A secret can leak in more than its raw form: inside `Bearer x`, as base64 of `user:pass` in a
 * Basic header, URL-encoded in a query string or curl line, or JSON-escaped when a server echoes it
 * back inside an error body. Every output path passes text through one Redactor.
 */
export const REDACTED = "[REDACTED]";

/** Secrets shorter than this are not redacted as substrings: "a" would blank every word. */
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  private readonly needles = new Set<string>();
  private pattern: RegExp | undefined;

  /** Register a secret (token, password, private key); its derived forms are registered too. */
  addSecret(secret: string | undefined): this {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return this;
    for (const form of encodedForms(secret)) this.needles.add(form);
    for (const line of secret.split(/\r?\n/)) {
      if (line.trim().length >= 16) this.needles.add(line.trim());
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
    return this.needles.size > 0;
  }

  redact(text: string): string {
    if (this.needles.size === 0) return text;
    this.pattern ??= new RegExp(
      [...this.needles]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join("|"),
      "g",
    );
    return text.replace(this.pattern, REDACTED);
  }

  /** Redact every string inside a JSON-like value (keys included). */
  redactValue<T>(value: T): T {
    return JSON.parse(this.redact(JSON.stringify(value) ?? "null")) as T;
  }
}

function encodedForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(encodeURIComponent(secret));
  forms.add(encodeURIComponent(secret).replace(/%20/g, "+"));
  forms.add(encodeURI(secret));
  forms.add(JSON.stringify(secret).slice(1, -1));
  forms.add(Buffer.from(secret).toString("base64"));
  forms.add(Buffer.from(secret).toString("base64").replace(/=+$/, ""));
  forms.add(Buffer.from(secret).toString("base64url"));
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
