/**
 * The part of Okta Expression Language the emulator evaluates: profile mapping expressions
 * (`user.firstName`, `String.substringBefore(user.email, "@")`, `user.firstName + " " + user.lastName`)
 * and app username templates (`${source.login}`, `${fn:substringBefore(source.email, "@")}`).
 * No library implements Okta's EL; this covers what templates and the BUILT_IN username formats use
 * (research/okta-api.md §4, §7). Anything else evaluates to null rather than guessing.
 */

export type ExpressionScope = Record<string, Record<string, unknown> | undefined>;

type Token = { kind: "string"; value: string } | { kind: "name"; value: string } | { kind: "punct"; value: string };

const FUNCTIONS: Record<string, (args: unknown[]) => unknown> = {
  substringbefore: ([text, search]) => (typeof text === "string" && typeof search === "string" ? (text.includes(search) ? text.slice(0, text.indexOf(search)) : text) : null),
  substringafter: ([text, search]) => (typeof text === "string" && typeof search === "string" ? (text.includes(search) ? text.slice(text.indexOf(search) + search.length) : "") : null),
  tolowercase: ([text]) => (typeof text === "string" ? text.toLowerCase() : null),
  touppercase: ([text]) => (typeof text === "string" ? text.toUpperCase() : null),
  trim: ([text]) => (typeof text === "string" ? text.trim() : null),
};

function tokenize(source: string): Token[] | undefined {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] ?? "";
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === '"' || char === "'") {
      const end = source.indexOf(char, index + 1);
      if (end < 0) return undefined;
      tokens.push({ kind: "string", value: source.slice(index + 1, end) });
      index = end + 1;
    } else if ("().,+".includes(char)) {
      tokens.push({ kind: "punct", value: char });
      index += 1;
    } else {
      const match = /^[A-Za-z_$][A-Za-z0-9_:$]*/.exec(source.slice(index));
      if (!match) return undefined;
      tokens.push({ kind: "name", value: match[0] });
      index += match[0].length;
    }
  }
  return tokens;
}

class Parser {
  private position = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly scope: ExpressionScope,
  ) {}

  parse(): unknown {
    const value = this.sum();
    if (this.position !== this.tokens.length) throw new SyntaxError("trailing input");
    return value;
  }

  private sum(): unknown {
    let value = this.term();
    while (this.peek("+")) {
      this.position += 1;
      const right = this.term();
      value = value === null || value === undefined ? right : right === null || right === undefined ? value : `${String(value)}${String(right)}`;
    }
    return value;
  }

  private term(): unknown {
    const token = this.tokens[this.position++];
    if (!token) throw new SyntaxError("unexpected end");
    if (token.kind === "string") return token.value;
    if (token.kind === "punct") {
      if (token.value !== "(") throw new SyntaxError(`unexpected ${token.value}`);
      const value = this.sum();
      this.expect(")");
      return value;
    }
    const path = [token.value];
    while (this.peek(".")) {
      this.position += 1;
      const next = this.tokens[this.position++];
      if (next?.kind !== "name") throw new SyntaxError("expected a name");
      path.push(next.value);
    }
    if (this.peek("(")) {
      this.position += 1;
      const args: unknown[] = [];
      while (!this.peek(")")) {
        args.push(this.sum());
        if (this.peek(",")) this.position += 1;
        else break;
      }
      this.expect(")");
      const name = (path.at(-1) ?? "").replace(/^fn:/, "").toLowerCase();
      const fn = FUNCTIONS[name];
      if (!fn) throw new SyntaxError(`unknown function ${path.join(".")}`);
      return fn(args);
    }
    if (path.length === 1 && path[0] === "null") return null;
    const [root, attribute, ...rest] = path;
    if (root === undefined || attribute === undefined || rest.length > 0) throw new SyntaxError(`unsupported reference ${path.join(".")}`);
    const value = this.scope[root]?.[attribute];
    return value === undefined ? null : value;
  }

  private peek(punct: string): boolean {
    const token = this.tokens[this.position];
    return token?.kind === "punct" && token.value === punct;
  }

  private expect(punct: string): void {
    if (!this.peek(punct)) throw new SyntaxError(`expected ${punct}`);
    this.position += 1;
  }
}

/** Evaluate an expression; `null` when it is empty, refers to nothing, or uses what is not supported. */
export function evaluateExpression(expression: string, scope: ExpressionScope): unknown {
  const tokens = tokenize(expression);
  if (!tokens || tokens.length === 0) return null;
  try {
    return new Parser(tokens, scope).parse();
  } catch {
    return null;
  }
}

/** An app username template such as `${source.email}` or `${fn:toLowerCase(source.login)}`, for a user's profile. */
export function evaluateUserNameTemplate(template: string, profile: Record<string, unknown>): string | null {
  const match = /^\$\{(.*)\}$/s.exec(template.trim());
  const value = evaluateExpression(match ? (match[1] ?? "") : template, { source: profile, user: profile });
  return typeof value === "string" ? value : value === null ? null : String(value);
}
