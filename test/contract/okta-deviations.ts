/**
 * Where real Okta and its published spec disagree, the emulator answers like real Okta; each such
 * answer is listed here with the recording that shows it (research/okta-api.md §14 unless noted).
 * Anything the contract test finds that is not on this list fails the suite: where only our own
 * inference disagrees with the spec, the spec wins.
 */
export type ViolationKind = "operation" | "request" | "status" | "body-missing" | "body-unexpected" | "content-type" | "response";

export interface Deviation {
  /** The spec's operationId, or "*" for every operation. */
  operationId: string;
  status: number;
  kind: ViolationKind;
  /** For schema errors: which part of the body. */
  instancePath?: RegExp;
  /** Only answers with this Okta error code. */
  errorCode?: string;
  /** What real Okta does, and where that was recorded. */
  source: string;
}

export const OKTA_DEVIATIONS: readonly Deviation[] = [
  {
    operationId: "createGroupPushMapping",
    status: 200,
    kind: "status",
    source: "§14 Status codes: every create answers 200, never 201; spec says 201 (terraform VCR TestAccDataSourceOktaPushGroups_read)",
  },
  {
    operationId: "deleteGroupPushMapping",
    status: 200,
    kind: "status",
    source: "§14 Status codes: DELETE …/group-push/mappings/{id}?deleteTargetGroup=… answers 200 with an empty body; spec says 204",
  },
  {
    operationId: "listApplications",
    status: 400,
    kind: "status",
    source: "§14 Status codes: GET /api/v1/apps answers 400 for a bad cursor (E0000029) and a bad expand (E0000001); the spec declares no 400",
  },
  {
    operationId: "*",
    status: 400,
    kind: "status",
    errorCode: "E0000029",
    source: "§14 Status codes: a bad paging cursor answers 400 E0000029 \"Invalid paging request.\" (recorded on GET /api/v1/apps; every list pages with the same `after` cursor, and issue 12 asks for it on all of them)",
  },
  {
    operationId: "getFeatureForApplication",
    status: 400,
    kind: "status",
    source: "§14 features: GET /features/USER_PROVISIONING on an app without provisioning answers 400 E0000001 (cause \"Provisioning is not supported.\"); the spec declares no 400",
  },
  {
    operationId: "*",
    status: 401,
    kind: "status",
    source: "§8 Errors: a wrong API token or access token answers 401 E0000011 \"Invalid token provided\" (Okta's error-codes.json); most operations declare no 401",
  },
  {
    operationId: "*",
    status: 403,
    kind: "body-missing",
    source: "§8 / okta-sdk-golang #145 and #246 (recorded answers): an access token without the scope gets 403 with no body and the reason in WWW-Authenticate (error=\"insufficient_scope\")",
  },
  {
    operationId: "assignUserToApplication",
    status: 200,
    kind: "response",
    instancePath: /^\/externalId$/,
    source: "§14 Mappings / group push / assignments: the app user on assign has \"externalId\": null; the spec types externalId as a non-null string",
  },
  {
    operationId: "getApplicationUser",
    status: 200,
    kind: "response",
    instancePath: /^\/externalId$/,
    source: "§14: an app user not (yet) provisioned has \"externalId\": null (as on assign)",
  },
  {
    operationId: "updateApplicationUser",
    status: 200,
    kind: "response",
    instancePath: /^\/externalId$/,
    source: "§14: an app user not (yet) provisioned has \"externalId\": null (as on assign)",
  },
  {
    operationId: "listApplicationUsers",
    status: 200,
    kind: "response",
    instancePath: /^\/\d+\/externalId$/,
    source: "§14: an app user not (yet) provisioned has \"externalId\": null (as on assign)",
  },
  {
    operationId: "getDefaultProvisioningConnectionForApplication",
    status: 200,
    kind: "response",
    instancePath: /^\/?$/,
    source: "§14 connections/default: a provisioning-capable app never configured answers {authScheme: TOKEN, status: DISABLED, _links} without `profile`, which the spec marks required",
  },
  ...["createApplication", "getApplication", "replaceApplication"].map(
    (operationId): Deviation => ({
      operationId,
      status: 200,
      kind: "response",
      instancePath: /^\/signOnMode$/,
      source: "§14 Application objects: an OIN app created with signOnMode AUTO_LOGIN comes back with \"signOnMode\": null (deelhr); the spec requires one of its enum values",
    }),
  ),
  {
    operationId: "listApplications",
    status: 200,
    kind: "response",
    instancePath: /^\/\d+\/signOnMode$/,
    source: "§14 Application objects: an OIN app created with signOnMode AUTO_LOGIN comes back with \"signOnMode\": null (deelhr)",
  },
  {
    operationId: "deactivateApplication",
    status: 200,
    kind: "body-unexpected",
    source: "§14 Status codes: POST /apps/{appId}/lifecycle/deactivate answers 200 with body {}; the spec declares no body",
  },
  {
    operationId: "deactivateUser",
    status: 200,
    kind: "body-unexpected",
    source: "§14 Status codes: POST /users/{id}/lifecycle/deactivate answers 200 {} (2025 recording); the spec declares no body",
  },
  {
    operationId: "updateProfileMapping",
    status: 200,
    kind: "request",
    instancePath: /^\/requestBody$/,
    source: "§4 and §11.3: `properties` is a map of attribute → {expression, pushStatus} (Okta's docs, the Node SDK fixed the spec's typo); the spec types it as one ProfileMappingProperty",
  },
  {
    operationId: "updateApplicationUserProfile",
    status: 200,
    kind: "request",
    instancePath: /^\/requestBody\/definitions\/custom\/properties\/[^/]+$/,
    source: "§5 and §14 App user schema: a custom property posted as null removes it (recorded: definitions.custom.required disappears after the last one is removed); the spec has no nullable property",
  },
  {
    operationId: "updateApplicationUser",
    status: 200,
    kind: "request",
    instancePath: /^\/requestBody$/,
    source: "the spec's oneOf(AppUserCredentialsRequestPayload, AppUserProfileRequestPayload) has no required properties, so every body matches both and fails \"exactly one\" — its own example AppUserUpdateProfileRequest included; Okta accepts {profile} (research §6)",
  },
];
