import type { Sandbox } from "../../../src/sandbox/start.js";

/** The shipped templates, with what each needs in the sandbox to be set up end to end. */
export interface VendorCase {
  id: string;
  /** Apps the admin has before setup (AIW and located catalog apps are never created). */
  existingApp?: { name?: string; label: string; signOnMode: string };
  params?: (box: Sandbox) => string[];
  credentials: "token" | "basic";
  dialect: "oin" | "aiw";
  pushGroup?: string;
}

export const VENDOR_CASES: VendorCase[] = [
  { id: "kloudhybrid", credentials: "basic", dialect: "oin", params: () => ["--param", "managerSource=user.managerId"] },
  { id: "strongdm", credentials: "token", dialect: "oin" },
  { id: "clumio", credentials: "token", dialect: "oin", existingApp: { name: "scim2headerauth", label: "Clumio", signOnMode: "AUTO_LOGIN" }, pushGroup: "Clumio Admins" },
  { id: "cloudapp", credentials: "token", dialect: "aiw", existingApp: { label: "CloudApp", signOnMode: "SAML_2_0" } },
  { id: "infrascale", credentials: "token", dialect: "aiw", existingApp: { label: "Infrascale", signOnMode: "SAML_2_0" } },
  { id: "scim2-header", credentials: "token", dialect: "oin" },
  { id: "scim2-basic", credentials: "basic", dialect: "oin" },
  { id: "scim2-oauth-bearer", credentials: "token", dialect: "oin" },
  { id: "aiw-scim", credentials: "token", dialect: "aiw", existingApp: { label: "SCIM app", signOnMode: "SAML_2_0" } },
];
