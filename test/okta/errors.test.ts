import { describe, expect, it } from "vitest";
import { CannotProceedError } from "../../src/core/errors.js";
import { ExitCode } from "../../src/core/exit-codes.js";
import { accessNeed } from "../../src/okta/access.js";
import type { OktaConnection } from "../../src/okta/connection.js";
import { accessError, describeOktaError, OktaUnreachableError } from "../../src/okta/errors.js";

const ssws: OktaConnection = { orgUrl: "https://acme.okta.com", orgUrlSource: "--org-url", credentials: { kind: "ssws", token: "00abcdefghijklmnop", source: "OKTA_API_TOKEN" } };
const serviceApp: OktaConnection = {
  orgUrl: "https://acme.okta.com",
  orgUrlSource: "OKTA_ORG_URL",
  credentials: { kind: "private-key", clientId: "0oa1", privateKey: "-----BEGIN PRIVATE KEY-----", scopes: ["okta.apps.read"], source: "OKTA_CLIENT_ID with OKTA_PRIVATE_KEY" },
};
const forbidden = { errorCode: "E0000006", errorSummary: "You do not have permission to perform the requested action", errorCauses: [] };

describe("Okta's error body in one line", () => {
  it("status, code, summary and causes", () => {
    expect(describeOktaError(400, { errorCode: "E0000001", errorSummary: "Api validation failed: name", errorCauses: [{ errorSummary: "name: The app name is not available" }] })).toBe(
      "400 E0000001 Api validation failed: name (name: The app name is not available)",
    );
    expect(describeOktaError(500, {})).toBe("500");
  });
});

describe("401 and 403 name what is missing", () => {
  it("a refused API token names its env var and where to check it", () => {
    const error = accessError({ status: 401, method: "GET", path: "/api/v1/apps", body: { errorCode: "E0000011", errorSummary: "Invalid token provided" }, connection: ssws });
    expect(error).toBeInstanceOf(CannotProceedError);
    expect(error.exitCode).toBe(ExitCode.cannotProceed);
    expect(error.message).toBe("Okta refused the API token from OKTA_API_TOKEN (401 E0000011 Invalid token provided)");
    expect(error.hint).toMatch(/Security → API → Tokens/);
  });

  it("an API token whose admin lacks the role names the role for the area", () => {
    const error = accessError({ status: 403, method: "POST", path: "/api/v1/mappings/prm1", body: forbidden, connection: ssws });
    expect(error.message).toMatch(/^Okta refused POST \/api\/v1\/mappings\/prm1 on profile mappings \(403 E0000006 .*\): the admin who created the API token in OKTA_API_TOKEN lacks a role/);
    expect(error.hint).toMatch(/Application Administrator/);
  });

  it("a service app: the scope for the endpoint and method, and an admin role", () => {
    const read = accessError({ status: 403, method: "GET", path: "/api/v1/apps/0oa1/group-push/mappings", body: forbidden, connection: serviceApp });
    expect(read.message).toMatch(/needs the scope okta\.apps\.read and okta\.groups\.read and an admin role that covers group push/);
    const write = accessError({ status: 403, method: "POST", path: "/api/v1/meta/schemas/apps/0oa1/default", body: forbidden, connection: serviceApp });
    expect(write.message).toMatch(/needs the scope okta\.schemas\.manage/);
    expect(write.hint).toMatch(/Okta API Scopes tab.*Admin roles tab/);
  });

  it("the scope Okta names in WWW-Authenticate wins", () => {
    const error = accessError({
      status: 403,
      method: "GET",
      path: "/api/v1/users/x",
      body: forbidden,
      wwwAuthenticate: 'Bearer authorization_uri="https://acme.okta.com/oauth2/v1/authorize", realm="IdpOktaApi", scope="okta.users.read", error="insufficient_scope"',
      connection: serviceApp,
    });
    expect(error.message).toMatch(/the access token lacks the scope okta\.users\.read/);
    expect(error.hint).toMatch(/OKTA_SCOPES/);
  });
});

describe("every endpoint setup uses has a scope", () => {
  it.each([
    ["GET", "/api/v1/apps", "okta.apps.read"],
    ["PUT", "/api/v1/apps/0oa1", "okta.apps.manage"],
    ["POST", "/api/v1/apps/0oa1/connections/default?activate=true", "okta.apps.manage"],
    ["PUT", "/api/v1/apps/0oa1/features/USER_PROVISIONING", "okta.apps.manage"],
    ["PUT", "/api/v1/apps/0oa1/groups/00g1", "okta.apps.manage"],
    ["POST", "/api/v1/apps/0oa1/users", "okta.apps.manage"],
    ["GET", "/api/v1/meta/schemas/apps/0oa1/default", "okta.schemas.read"],
    ["GET", "/api/v1/meta/types/user", "okta.userTypes.read"],
    ["GET", "/api/v1/mappings?targetId=0oa1", "okta.profileMappings.read"],
    ["GET", "/api/v1/groups?q=Eng", "okta.groups.read"],
    ["GET", "/api/v1/users/rae", "okta.users.read"],
  ])("%s %s needs %s", (method, path, scope) => {
    expect(accessNeed(method, path)?.scopes).toContain(scope);
  });
});

describe("an unreachable org says what to check", () => {
  it.each([
    ["dns", "ENOTFOUND", /does not resolve/, /--org-url/],
    ["refused", "ECONNREFUSED", /connection was refused/, /HTTPS_PROXY/],
    ["timeout", "UND_ERR_CONNECT_TIMEOUT", /no answer in time/, /NO_PROXY/],
    ["tls", "SELF_SIGNED_CERT_IN_CHAIN", /TLS handshake failed/, /NODE_EXTRA_CA_CERTS/],
  ] as const)("%s", (kind, code, message, hint) => {
    const error = new OktaUnreachableError({ kind, code, message: "x" }, { orgUrl: "https://acme.okta.com", orgUrlSource: "--org-url" });
    expect(error.exitCode).toBe(ExitCode.cannotProceed);
    expect(error.message).toMatch(/^cannot reach Okta at https:\/\/acme\.okta\.com: /);
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
  });
});
