/** RFC 7644 §3.12 scimType values the reference server uses. */
export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

/** A request the server refuses; rendered as a SCIM Error body (or a faulty variant of one). */
export class ScimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    readonly headers: Record<string, string> = {},
    /** A non-SCIM body, for faults that model framework error pages. */
    readonly raw?: { contentType: string; text: string },
  ) {
    super(detail);
    this.name = "ScimHttpError";
  }
}

export const notFound = (detail: string): ScimHttpError => new ScimHttpError(404, detail);
export const badRequest = (scimType: ScimType, detail: string): ScimHttpError => new ScimHttpError(400, detail, scimType);
export const conflict = (detail: string): ScimHttpError => new ScimHttpError(409, detail, "uniqueness");
export const methodNotAllowed = (allow: string[], detail: string): ScimHttpError =>
  new ScimHttpError(405, detail, undefined, { allow: allow.join(", ") });
