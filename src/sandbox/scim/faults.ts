/**
 * The reference SCIM server's switchable defects. Each one models a way real vendor servers break
 * what Okta (or RFC 7643/7644) needs, so every probe can be shown to fail on a server with exactly
 * that defect and pass on the clean one. References are to shared/research/scim-conformance.md.
 * Each fault changes its own behaviour and nothing else.
 */
export const FAULTS = {
  "content-type-json": {
    title: "Responses say application/json",
    defect: "Responses carry Content-Type application/json instead of application/scim+json (RFC 7644 §3.8, §8.1; research §4 #1).",
  },
  "reject-scim-json-body": {
    title: "415 on application/scim+json request bodies",
    defect: "The server cannot parse bodies sent as application/scim+json, which is what Okta sends on POST/PUT/PATCH (research §1.6, §4 #1: Rails, Koa, JAX-RS, pingidentity/scim2#131).",
  },
  "reject-plain-json-body": {
    title: "415 on application/json request bodies",
    defect: "The server accepts only application/scim+json bodies, but Okta's SPEC test POSTs application/json (research §1.2, §4 #1).",
  },
  "case-sensitive-username": {
    title: "userName compared case-exactly",
    defect: "userName uniqueness and `userName eq` filters compare case-exactly although userName is caseExact=false (RFC 7643 §4.1.1, RFC 7644 §3.4.2.2; Okta SPEC step 9; research §4 #2).",
  },
  "filter-attr-case-sensitive": {
    title: "Filter attribute names compared case-exactly",
    defect: "`username eq` / `UserName eq` match nothing: attribute names in filters must be case-insensitive (RFC 7644 §3.4.2.2; scimgateway finding, research §4 #3).",
  },
  "no-match-404": {
    title: "A filter with no match answers 404",
    defect: "A query with no matches must answer 200 with totalResults 0, not 404 (RFC 7644 §3.4.2; Okta SPEC steps 3 and 5; Microsoft Q&A 1611014; research §4 #6).",
  },
  "list-missing-resources-when-empty": {
    title: "Empty ListResponse omits Resources",
    defect: "An empty ListResponse has no `Resources` member; Okta's connector test fails with 'No results for users returned' (research §1.6, §4 #6).",
  },
  "list-counts-as-strings": {
    title: "ListResponse numbers as strings",
    defect: "totalResults, startIndex and itemsPerPage are JSON strings; Okta needs integers (research §1.6, §4 #6).",
  },
  "zero-based-start-index": {
    title: "startIndex treated as a 0-based offset",
    defect: "startIndex is used as a 0-based offset and echoed as given, so Okta's import skips the first user (RFC 7644 §3.4.2.4; SimpleIdServer#185, wso2/product-is#9957; research §4 #7).",
  },
  "ignore-count": {
    title: "count ignored",
    defect: "Every result is returned whatever `count` says; the RFC says never more than count (RFC 7644 §3.4.2.4; rstudio PR #14992; research §4 #7).",
  },
  "unstable-order": {
    title: "List order changes between calls",
    defect: "Each list answer is the result list rotated by the number of list requests served so far, so paging shows duplicates and misses; Okta's import needs stable order (research §1.6, §4 #7).",
  },
  "error-status-number": {
    title: "Error status as a JSON number",
    defect: "Error bodies carry `status` as a number; RFC 7644 §3.12 says a JSON string and Okta's SPEC test asserts \"401\"/\"404\" (research §1.2 steps 11-12, §4 #8).",
  },
  "error-plain-401": {
    title: "401 as an HTML page",
    defect: "A missing or wrong credential gets a text/html 401 from auth middleware instead of a SCIM Error (Okta SPEC step 11; PostHog PR #42205; research §4 #8).",
  },
  "error-missing-detail": {
    title: "Error bodies without detail",
    defect: "SCIM Error bodies have no `detail`; Okta's SPEC test asserts it is not empty on 401 and 404 (research §1.2 steps 4, 11, 12, §4 #8).",
  },
  "error-not-scim-404": {
    title: "Unknown user id answers non-SCIM 404",
    defect: "404 for an unknown user id carries a framework body like {\"message\":\"Not Found\"} instead of a SCIM Error (Okta SPEC steps 4 and 12; research §4 #8).",
  },
  "no-409-duplicate-user": {
    title: "Duplicate userName creates a second user",
    defect: "A duplicate userName must answer 409 scimType uniqueness (RFC 7644 §3.3; Okta SPEC step 8; research §4 #2).",
  },
  "no-409-duplicate-group": {
    title: "Duplicate group displayName creates a second group",
    defect: "A second group with the same displayName is silently created (RFC 7644 §3.3; Entra validator 'Create a duplicate Group'; research §4 #10).",
  },
  "create-returns-200": {
    title: "POST answers 200",
    defect: "Create answers 200 instead of 201 Created (RFC 7644 §3.3; Okta SPEC step 6; SCIMReferenceCode#18; research §4 #12).",
  },
  "no-location-header": {
    title: "No Location header on create",
    defect: "201 without a Location header equal to meta.location (RFC 7644 §3.3; scim-sanity phase 2; research §4 #12).",
  },
  "deactivated-user-404": {
    title: "Inactive users answer 404 by id",
    defect: "GET /Users/{id} of a deactivated user answers 404; Okta's CRUD test needs 200 with active false (research §1.4 steps 8 and 12, §4 #16).",
  },
  "deactivated-hidden-from-filter": {
    title: "Inactive users drop out of lists and filters",
    defect: "Deactivated users vanish from `userName eq` lookups and imports, so Okta re-creates them (research §1.6, §4 #16).",
  },
  "patch-no-path-ignored": {
    title: "No-path PATCH operations not applied",
    defect: "Okta deactivates with a no-path replace {\"active\":false}; the server answers 200 but changes nothing (RFC 7644 §3.5.2.3; sentry PR #27199; research §1.6, §4 #5).",
  },
  "patch-op-case-sensitive": {
    title: "PATCH op names case-sensitive",
    defect: "\"Replace\"/\"Add\" answer 400; Entra sends capitalised ops and the RFC does not require lower case (RFC 7644 §3.5.2; langwatch#6972; research §4 #4).",
  },
  "patch-valuepath-unsupported": {
    title: "PATCH valuePath filters rejected",
    defect: "A path like members[value eq \"…\"] answers 400 invalidPath, so Okta cannot remove group members (RFC 7644 §3.5.2; research §1.6, §4 #5).",
  },
  "put-ignores-active": {
    title: "PUT does not change active",
    defect: "A full PUT with active:false leaves the user active; AIW apps deactivate exactly that way (research §1.6 'AIW apps use PUT for everything').",
  },
  "reactivation-ignored": {
    title: "Deactivation is final",
    defect: "Setting active back to true on a deactivated user (PATCH or PUT) answers success but the user stays inactive; Okta reactivates the same user on reassignment (research §1.4 CRUD steps 9-10).",
  },
  "group-rename-ignored": {
    title: "Group rename not applied",
    defect: "A displayName replace (Okta's no-path {id, displayName} PATCH, or PUT) answers success but keeps the old name (research §1.6 Groups).",
  },
  "group-members-ignored": {
    title: "Group membership changes not applied",
    defect: "Membership PATCH (members[value eq] remove + add) or PUT answers success but membership is unchanged (research §1.6 Groups; vouch PR #1415).",
  },
  "group-member-removal-ignored": {
    title: "Group member removals not applied",
    defect: "Members are added, but a removal (PATCH remove members[value eq], or a PUT or replace without them) answers success and keeps them: people keep the access Okta removed (issue 15; research §1.6 Groups).",
  },
  "delete-returns-200": {
    title: "DELETE answers 200 with a body",
    defect: "DELETE must answer 204 No Content (RFC 7644 §3.6; scim-sanity compat; research §4 #11).",
  },
  "delete-twice-500": {
    title: "Second DELETE answers 500",
    defect: "Deleting an already deleted resource must answer 404 (RFC 7644 §3.6; Entra validator 'delete same Group twice'; research §4 #11).",
  },
  "group-delete-ignored": {
    title: "DELETE /Groups keeps the group",
    defect: "DELETE /Groups/{id} answers 204 but the group is still there (a soft delete that keeps serving it); Okta's unlink with 'delete in target app' leaves it behind (RFC 7644 §3.6; research §1.6 Groups).",
  },
  "excluded-attributes-ignored": {
    title: "excludedAttributes ignored",
    defect: "excludedAttributes=members (sent by Entra on every group read) is ignored (RFC 7644 §3.4.2.5; pranems Bug F; research §4 #9).",
  },
  "attributes-param-ignored": {
    title: "attributes ignored",
    defect: "The `attributes` query parameter is ignored and full resources come back (RFC 7644 §3.4.2.5; research §4 #9).",
  },
  "discovery-missing": {
    title: "No discovery endpoints",
    defect: "/ServiceProviderConfig, /ResourceTypes and /Schemas answer 404 (RFC 7644 §4; Entra checklist 2.1.8; research §4 #14).",
  },
  "invalid-filter-500": {
    title: "Bad filters answer 500",
    defect: "An unparsable or unsupported filter crashes into 500 instead of 400 invalidFilter (RFC 7644 §3.4.2.2, §3.12; research §4 #15).",
  },
  "password-rejected": {
    title: "password in a create body rejected",
    defect: "POST /Users with a `password` answers 400, but Okta sends one when password sync is on (research §1.6, DESIGN §5 okta-runtime).",
  },
  "groups-attribute-rejected": {
    title: "groups in a user body rejected",
    defect: "POST or PUT /Users with `groups: []` answers 400; groups is readOnly and must be ignored, and Okta sends it on create and when it links an existing user (RFC 7643 §4.1.2; research/okta-traffic.md §3).",
  },
  "externalid-dropped": {
    title: "externalId not stored",
    defect: "externalId is accepted but not stored or returned, so Okta cannot match its users (RFC 7643 §3.1; research §1.6).",
  },
  "user-missing-name": {
    title: "Users without name",
    defect: "User responses omit `name`; Okta's SPEC test asserts name.givenName/familyName (research §1.2 steps 1-2, PostHog PR #42205).",
  },
  "get-by-id-summary": {
    title: "GET /Users/{id} without name",
    defect: "GET /Users/{id} answers a summary view without `name` while lists and writes carry it (a second serializer for single reads); Okta's SPEC steps 2 and 7 read the user by id (research §1.2).",
  },
  "user-missing-emails": {
    title: "Users without emails",
    defect: "User responses omit `emails`; Okta's SPEC test asserts emails[0].value (research §1.2 steps 1-2).",
  },
  "active-as-string": {
    title: "active as a string",
    defect: "`active` is returned as \"true\"/\"false\"; Okta needs a boolean (research §1.6 requirements, §4 #5 string booleans).",
  },
  "echo-authorization": {
    title: "Error bodies echo the Authorization header",
    defect: "Error `detail` repeats the request's Authorization header, as some debug-mode frameworks do; the CLI must redact it (DESIGN §2 secrets).",
  },
  "slow-responses": {
    title: "Slow responses",
    defect: "GET /Groups answers late (latencyMs, default 1500 ms): Okta's SPEC test wants it under 600 ms; Okta gives up on any request after 60 s (research §1.6 requirements).",
  },
  "server-error-on-write": {
    title: "Writes answer 500",
    defect: "POST/PUT/PATCH/DELETE on /Users and /Groups answer 500 without changing anything: for tests that prove cleanup after failure.",
  },
  "no-delete": {
    title: "DELETE /Users not allowed",
    defect: "DELETE /Users/{id} answers 405: servers that only deactivate (Okta never deletes users, research §1.6); probes must fall back to deactivation.",
  },
  "auth-not-enforced": {
    title: "Credentials not checked",
    defect: "A missing or wrong credential is accepted; Okta's SPEC test expects 401 (research §1.2 step 11).",
  },
  "password-policy-symbol": {
    title: "Password policy wants a symbol and 12 characters",
    defect: "A password without a symbol or shorter than 12 characters answers 400; Okta sends an 8-character letters-and-digits placeholder on every create, even with Sync Password off (research/okta-traffic.md §2; zitadel#10009 \"Password must contain symbol\").",
  },
  "group-name-self-conflict": {
    title: "Re-asserting a group's own name answers 409",
    defect: "A write that sets displayName counts the group itself in the uniqueness check, so Okta's PATCH re-asserting the unchanged name after every membership change (and every aiw group PUT) answers 409 (research/okta-traffic.md §1; imulab/go-scim#57).",
  },
  "patch-no-path-replaces-resource": {
    title: "No-path replace treated as a full replace",
    defect: "A PATCH replace without a path replaces the whole resource with its value, so Okta's name re-assert {id, displayName} drops every member (RFC 7644 §3.5.2.3 replaces only the attributes in the value; research/okta-traffic.md §1).",
  },
  "patch-replace-members-adds": {
    title: "Replace of members adds instead",
    defect: "PATCH {op: replace, path: members} adds the listed members to the old ones, so Okta's \"Push now\" never removes anyone (RFC 7644 §3.5.2.3; research/okta-traffic.md §1).",
  },
  "patch-empty-value-rejected": {
    title: "PATCH with an empty array value answers 400",
    defect: "An operation whose value is [] answers 400, so Okta's \"Push now\" of an emptied group ({op: replace, path: members, value: []}) fails and everyone stays in it (research/okta-traffic.md §1; SCIM-SDK#757).",
  },
  "patch-no-path-members-ignored": {
    title: "members in a no-path replace ignored",
    defect: "A no-path replace applies displayName but drops the members it carries ({op: replace, value: {id, displayName, members}}, reported from Okta in jelhub/scimgateway#111 and #113).",
  },
  "group-create-ignores-members": {
    title: "POST /Groups drops its members",
    defect: "A group created with members is stored empty; Okta pushes a group that already has people with its members in the POST (Okta's 2018 samples; bitwarden/server#2139).",
  },
  "group-filter-ignored": {
    title: "/Groups ignores filter",
    defect: "GET /Groups?filter=displayName eq \"…\" returns every group, so Okta links a pushed group to whichever comes first (research §1.6 'Find', research §4 #15).",
  },
  "group-get-by-id-missing": {
    title: "No GET /Groups/{id}",
    defect: "GET /Groups/{id} answers 404 although the group exists (only list and filter are implemented); Okta reads the group after every oin membership change and before every aiw group write (research/okta-traffic.md §1, §3).",
  },
  "put-merges-emails": {
    title: "PUT appends emails",
    defect: "A PUT adds the emails it carries to the stored ones instead of replacing them, so Okta's link of an existing user keeps the old address and every echo PUT adds another copy (RFC 7644 §3.5.1; research/okta-traffic.md §3).",
  },
  "externalid-immutable": {
    title: "externalId cannot change",
    defect: "A PUT or PATCH that changes a stored externalId answers 400 mutability; when Okta links a user the server already had, it PUTs the user with externalId set to Okta's user id (research/okta-traffic.md §3, the mock-scim capture).",
  },
  "enterprise-extension-rejected": {
    title: "Enterprise extension refused",
    defect: "A user body naming urn:ietf:params:scim:schemas:extension:enterprise:2.0:User in schemas answers 400; Okta sends it on every create and update once an enterprise attribute (manager, department, …) is mapped (research/okta-traffic.md §7).",
  },
  "enterprise-extension-dropped": {
    title: "Enterprise extension not stored",
    defect: "Enterprise extension attributes are accepted but not stored or returned, so mapped attributes such as KloudHybrid's manager never arrive (RFC 7643 §4.3; research/okta-traffic.md §7).",
  },
  "groups-not-implemented": {
    title: "No /Groups endpoint",
    defect: "The server implements users only and /Groups answers 404. Okta provisions users without group push, so this is a legitimate server: the group push probes must be skipped with that reason, not failed (issue 15's rule); only Okta's own optional SPEC step 10 fails.",
  },
  "raw-deflate": {
    title: "Content-Encoding: deflate sent raw",
    defect: "Compressed answers are raw DEFLATE labelled Content-Encoding: deflate (no zlib wrapper, as IIS-era servers send), whatever Accept-Encoding prefers; Okta asks for gzip,deflate and a client must read both deflate forms, as browsers do (RFC 9110 §8.4.1.2).",
  },
  "etag-mismatch": {
    title: "ETag header differs from meta.version",
    defect: "The ETag header is not the tag in meta.version (RFC 7644 §3.14; open-metadata#30885, scim-sanity compat; research §4 #13).",
  },
} as const satisfies Record<string, { title: string; defect: string }>;

export type FaultId = keyof typeof FAULTS;

export const FAULT_IDS = Object.keys(FAULTS) as FaultId[];

export function isFaultId(value: string): value is FaultId {
  return Object.hasOwn(FAULTS, value);
}

/** Unknown ids are a bug in the caller's test, so they are refused rather than ignored. */
export function toFaultSet(faults: Iterable<FaultId> | undefined): ReadonlySet<FaultId> {
  const set = new Set<FaultId>();
  for (const fault of faults ?? []) {
    if (!isFaultId(fault)) throw new Error(`unknown reference SCIM server fault "${String(fault)}"; known: ${FAULT_IDS.join(", ")}`);
    set.add(fault);
  }
  return set;
}
