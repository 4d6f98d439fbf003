/**
 * Okta's error answers (research/okta-api.md §8, §14): `{errorCode, errorSummary, errorLink,
 * errorId, errorCauses}` with `errorLink` equal to the code, an `oae…` errorId and `errorCauses`
 * `[]` or `[{errorSummary}]`. Store methods and routes throw these; the server writes them.
 */
export class OktaApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly causes: readonly string[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${status} ${errorCode} ${errorSummary}`);
    this.name = "OktaApiError";
  }
}

export function errorBody(error: OktaApiError, errorId: string): Record<string, unknown> {
  return {
    errorCode: error.errorCode,
    errorSummary: error.errorSummary,
    errorLink: error.errorCode,
    errorId,
    errorCauses: error.causes.map((errorSummary) => ({ errorSummary })),
  };
}

/** 404 E0000007 as Okta names the missing thing: `Not found: Resource not found: <id> (AppInstance)`. */
export function resourceNotFound(id: string, resource: "AppInstance" | "User" | "UserGroup" | "ProfileMapping" | "CVDType" | "PublicAppFeatureSetName" | "GroupPushMapping" | "AppUser" | "AppGroup"): OktaApiError {
  return new OktaApiError(404, "E0000007", `Not found: Resource not found: ${id} (${resource})`);
}

export function routeNotFound(method: string, path: string): OktaApiError {
  return new OktaApiError(404, "E0000007", `Not found: Resource not found: ${path} (${method})`);
}

export function methodNotAllowed(): OktaApiError {
  return new OktaApiError(405, "E0000022", "The endpoint does not support the provided HTTP method");
}

/** 400 E0000001 `Api validation failed: <what>` with one cause per problem. */
export function validationFailed(what: string, causes: readonly string[] = []): OktaApiError {
  return new OktaApiError(400, "E0000001", `Api validation failed: ${what}`, causes);
}

export function malformedBody(): OktaApiError {
  return new OktaApiError(400, "E0000003", "The request body was not well-formed.");
}

export function invalidPaging(): OktaApiError {
  return new OktaApiError(400, "E0000029", "Invalid paging request.", ["Invalid cursor."]);
}

export function invalidToken(): OktaApiError {
  return new OktaApiError(401, "E0000011", "Invalid token provided");
}

/** 403 E0000006 with the reason as a cause, where the spec allows no 400 for a refused operation. */
export function forbidden(causes: readonly string[]): OktaApiError {
  return new OktaApiError(403, "E0000006", "You do not have permission to perform the requested action", causes);
}
