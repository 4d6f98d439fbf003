import type { AppDialect, AppKind, MappingProperty, ScimAuthType, SchemaAttribute } from "./model.js";

/**
 * The apps the emulator's catalog knows: the three SCIM 2.0 Test Apps (research/okta-api.md §1.1,
 * §13: `scim2headerauth`, `scim2testapp` (OAuth bearer), `scim2testapp_basic`) and the admin's own
 * custom SAML app (AIW), created without a `name`.
 */
export interface CatalogEntry {
  kind: AppKind;
  displayName: string;
  dialect: AppDialect;
  authType: ScimAuthType;
}

export const OIN_CATALOG: Readonly<Record<string, CatalogEntry>> = {
  scim2headerauth: { kind: "scim2headerauth", displayName: "SCIM 2.0 Test App (Header Auth)", dialect: "oin", authType: "header" },
  scim2testapp: { kind: "scim2testapp", displayName: "SCIM 2.0 Test App (OAuth Bearer Token)", dialect: "oin", authType: "oauth-bearer" },
  scim2testapp_basic: { kind: "scim2testapp_basic", displayName: "SCIM 2.0 Test App (Basic Auth)", dialect: "oin", authType: "basic" },
};

export const CUSTOM_SAML: CatalogEntry = { kind: "custom-saml", displayName: "Custom SAML 2.0 app", dialect: "aiw", authType: "header" };

const SCIM_CORE = "urn:ietf:params:scim:schemas:core:2.0:User";

function scimAttribute(title: string, externalName: string, extra: SchemaAttribute = {}): SchemaAttribute {
  return { title, type: "string", scope: "NONE", externalName, externalNamespace: SCIM_CORE, master: { type: "PROFILE_MASTER" }, mutability: "READ_WRITE", ...extra };
}

/**
 * The base attributes of a SCIM app's user schema and their default To App mapping. Okta's exact
 * list for the test apps is not published (research §5 [UNCERTAIN]); these are the SCIM core
 * attributes Okta's SCIM templates use (the same names and externalNames as src/scim/okta-dialect.ts's
 * OKTA_BASE_ATTRIBUTES, plus the address ones). Enterprise attributes (costCenter, department, …) are not
 * in it: templates add them as custom attributes, which is what setup must cope with anyway.
 */
const SCIM_BASE: ReadonlyArray<{ name: string; attribute: SchemaAttribute; from?: string }> = [
  { name: "userName", attribute: scimAttribute("Username", "userName", { required: true, pattern: ".+", scope: "NONE" }) },
  { name: "givenName", attribute: scimAttribute("Given name", "name.givenName"), from: "user.firstName" },
  { name: "familyName", attribute: scimAttribute("Family name", "name.familyName"), from: "user.lastName" },
  { name: "middleName", attribute: scimAttribute("Middle name", "name.middleName"), from: "user.middleName" },
  { name: "honorificPrefix", attribute: scimAttribute("Honorific prefix", "name.honorificPrefix"), from: "user.honorificPrefix" },
  { name: "honorificSuffix", attribute: scimAttribute("Honorific suffix", "name.honorificSuffix"), from: "user.honorificSuffix" },
  { name: "email", attribute: scimAttribute("Email", "emails.^[primary==true].value"), from: "user.email" },
  { name: "emailType", attribute: scimAttribute("Email type", "emails.^[primary==true].type") },
  { name: "title", attribute: scimAttribute("Title", "title"), from: "user.title" },
  { name: "displayName", attribute: scimAttribute("Display name", "displayName"), from: "user.displayName" },
  { name: "nickName", attribute: scimAttribute("Nickname", "nickName"), from: "user.nickName" },
  { name: "profileUrl", attribute: scimAttribute("Profile Url", "profileUrl"), from: "user.profileUrl" },
  { name: "primaryPhone", attribute: scimAttribute("Primary phone", "phoneNumbers.^[primary==true].value"), from: "user.primaryPhone" },
  { name: "primaryPhoneType", attribute: scimAttribute("Primary phone type", "phoneNumbers.^[primary==true].type") },
  { name: "mobilePhone", attribute: scimAttribute("Mobile phone", "phoneNumbers.^[type=='mobile'].value"), from: "user.mobilePhone" },
  { name: "streetAddress", attribute: scimAttribute("Street address", "addresses.^[type=='work'].streetAddress"), from: "user.streetAddress" },
  { name: "locality", attribute: scimAttribute("Locality", "addresses.^[type=='work'].locality"), from: "user.city" },
  { name: "region", attribute: scimAttribute("Region", "addresses.^[type=='work'].region"), from: "user.state" },
  { name: "postalCode", attribute: scimAttribute("Zip code", "addresses.^[type=='work'].postalCode"), from: "user.zipCode" },
  { name: "countryCode", attribute: scimAttribute("Country code", "addresses.^[type=='work'].country"), from: "user.countryCode" },
  { name: "preferredLanguage", attribute: scimAttribute("Preferred language", "preferredLanguage"), from: "user.preferredLanguage" },
  { name: "locale", attribute: scimAttribute("Locale", "locale"), from: "user.locale" },
  { name: "timezone", attribute: scimAttribute("Time zone", "timezone"), from: "user.timezone" },
  { name: "userType", attribute: scimAttribute("User type", "userType"), from: "user.userType" },
];

/** A custom SAML app before "Enable SCIM provisioning": only the app username. */
const SAML_BASE: ReadonlyArray<{ name: string; attribute: SchemaAttribute }> = [
  { name: "userName", attribute: { title: "Username", type: "string", required: true, scope: "NONE", maxLength: 100, master: { type: "PROFILE_MASTER" }, mutability: "READ_WRITE" } },
];

/** The base properties of an app's user schema, which follow its provisioning state (a custom SAML app gains the SCIM ones with SCIM). */
export function baseAppSchema(kind: AppKind, scimEnabled: boolean): ReadonlyArray<{ name: string; attribute: SchemaAttribute }> {
  return kind === "custom-saml" && !scimEnabled ? SAML_BASE : SCIM_BASE;
}

/** The default To App (Okta user → app user) mapping properties for an app with the SCIM base schema. */
export function defaultToAppMapping(): Array<[string, MappingProperty]> {
  return SCIM_BASE.flatMap(({ name, from }) => (from ? [[name, { expression: from, pushStatus: "PUSH" } as MappingProperty] as [string, MappingProperty]] : []));
}

/** The default To Okta (app user → Okta user) mapping properties: the reverse of To App, plus the login. */
export function defaultToOktaMapping(): Array<[string, MappingProperty]> {
  const reverse = SCIM_BASE.flatMap(({ name, from }) => (from ? [[from.slice("user.".length), { expression: `appuser.${name}` }] as [string, MappingProperty]] : []));
  return [["login", { expression: "appuser.userName" }], ...reverse];
}

/** The Okta user profile's base attributes (the default user type's schema). */
export const OKTA_USER_BASE_ATTRIBUTES: ReadonlyArray<{ name: string; title: string; required?: boolean }> = [
  { name: "login", title: "Username", required: true },
  { name: "email", title: "Primary email", required: true },
  { name: "firstName", title: "First name", required: true },
  { name: "lastName", title: "Last name", required: true },
  { name: "middleName", title: "Middle name" },
  { name: "honorificPrefix", title: "Honorific prefix" },
  { name: "honorificSuffix", title: "Honorific suffix" },
  { name: "title", title: "Title" },
  { name: "displayName", title: "Display name" },
  { name: "nickName", title: "Nickname" },
  { name: "profileUrl", title: "Profile Url" },
  { name: "secondEmail", title: "Secondary email" },
  { name: "mobilePhone", title: "Mobile phone" },
  { name: "primaryPhone", title: "Primary phone" },
  { name: "streetAddress", title: "Street address" },
  { name: "city", title: "City" },
  { name: "state", title: "State" },
  { name: "zipCode", title: "Zip code" },
  { name: "countryCode", title: "Country code" },
  { name: "postalAddress", title: "Postal Address" },
  { name: "preferredLanguage", title: "Preferred language" },
  { name: "locale", title: "Locale" },
  { name: "timezone", title: "Time zone" },
  { name: "userType", title: "User type" },
  { name: "employeeNumber", title: "Employee number" },
  { name: "costCenter", title: "Cost center" },
  { name: "organization", title: "Organization" },
  { name: "division", title: "Division" },
  { name: "department", title: "Department" },
  { name: "managerId", title: "ManagerId" },
  { name: "manager", title: "Manager" },
];
