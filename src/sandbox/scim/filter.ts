import { parse, Tester, type Filter } from "scim2-parse-filter";
import { badRequest } from "./errors.js";
import { attributePathKeys, isCaseExact, type ResourceSchema } from "./schemas.js";

export interface FilterRules {
  schema: ResourceSchema;
  /** Whether a string comparison on this attribute path is case-exact (RFC 7644 §3.4.2.2). */
  caseExact: (path: string) => boolean;
  /** Faulty servers compare filter attribute names case-exactly; RFC 7644 §3.4.2.2 says they are not. */
  attributeNamesCaseExact: boolean;
}

export function defaultFilterRules(schema: ResourceSchema): FilterRules {
  return { schema, caseExact: (path) => isCaseExact(schema, path), attributeNamesCaseExact: false };
}

type Comparison = Extract<Filter, { compValue: unknown }>;

/**
 * scim2-parse-filter finds attribute names case-insensitively but compares strings with `===`.
 * This tester folds case for attributes whose schema says caseExact=false (userName, displayName,
 * emails.value, …) and keeps ids exact. Sub-filters of a valuePath (`emails[type eq "work"]`) know
 * their parent through `prefix`, so `emails.type` is looked up, not `type`.
 */
class SchemaAwareTester extends Tester {
  constructor(
    private readonly rules: FilterRules,
    private readonly prefix: string,
  ) {
    super();
  }

  override test(resource: unknown, filter: Filter): boolean {
    if (filter.op === "[]") {
      const nested = new SchemaAwareTester(this.rules, `${this.prefix}${filter.attrPath}.`);
      return this.attrTest(this.keys(filter.attrPath), resource, (value) => nested.test(value, filter.valFilter));
    }
    if (filter.op === "pr") return this.attrTest(this.keys(filter.attrPath), resource, (value) => this.pr(value));
    if ("compValue" in filter) return this.compare(resource, filter);
    return super.test(resource, filter);
  }

  private compare(resource: unknown, filter: Comparison): boolean {
    const foldCase = typeof filter.compValue === "string" && !this.rules.caseExact(this.prefix + filter.attrPath);
    const fold = (value: unknown): unknown => (foldCase && typeof value === "string" ? value.toLowerCase() : value);
    const wanted = fold(filter.compValue) as Comparison["compValue"];
    return this.attrTest(this.keys(filter.attrPath), resource, (value) => this[filter.op](fold(value), wanted));
  }

  /** A core-schema URN prefix names no key in the resource, so it is dropped here. */
  private keys(attrPath: string): string[] {
    return this.prefix ? attrPath.split(".") : attributePathKeys(this.rules.schema, attrPath);
  }

  override attrTest(path: string[], resource: unknown, op: (value: unknown) => boolean): boolean {
    if (!this.rules.attributeNamesCaseExact) return super.attrTest(path, resource, op);
    const [head, ...rest] = path;
    if (head === undefined) return op(resource);
    if (typeof resource !== "object" || resource === null) return false;
    if (Array.isArray(resource)) return resource.some((item) => this.attrTest(path, item, op));
    if (!Object.hasOwn(resource, head)) return false;
    return this.attrTest(rest, (resource as Record<string, unknown>)[head], op);
  }
}

/** Parses a `filter` query parameter; a parse failure is the client's error (400 invalidFilter). */
export function compileFilter(expression: string, rules: FilterRules): (resource: unknown) => boolean {
  let ast: Filter;
  try {
    ast = parse(expression);
  } catch (error) {
    throw badRequest("invalidFilter", `The filter ${JSON.stringify(expression)} is not a valid SCIM filter: ${(error as Error).message}`);
  }
  const tester = new SchemaAwareTester(rules, "");
  return (resource) => tester.test(resource, ast);
}
