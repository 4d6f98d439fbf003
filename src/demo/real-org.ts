import type { Template } from "../templates/schema.js";

/**
 * The same job against a real Okta org and the vendor's real SCIM server: the commands `demo` ends
 * with, built from the template (its parameters with their documented examples, the credentials
 * its auth mode needs), so they can be pasted and then edited.
 */

interface RealOrgCommands {
  /** Comment lines first (what to replace), then the exports and commands, one per line. */
  lines: string[];
}

const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `"${word.replace(/(["\\$`])/g, "\\$1")}"`);

/** The group a real org assigns (and pushes, where the template does): a placeholder to replace. */
const EXAMPLE_GROUP = "Engineering";

export function realOrgCommands(template: Template, options: { pushGroup: boolean }): RealOrgCommands {
  const vendor = ["--vendor", template.id];
  const params = template.parameters.flatMap((parameter) => ["--param", `${parameter.name}=${parameter.example ?? `<${parameter.name}>`}`]);
  const groupFlags = ["--assign-group", EXAMPLE_GROUP, ...(options.pushGroup ? ["--push-group", EXAMPLE_GROUP] : [])];
  const credentials =
    template.scim.auth.mode === "basic"
      ? `export SCIM_USERNAME=… SCIM_PASSWORD=…   # the ${template.name} SCIM credentials`
      : `export SCIM_TOKEN=…   # the ${template.name} SCIM token (never on the command line)`;
  const line = (words: string[]) => ["npx", "scim-okta", ...words].map(quote).join(" ");
  const app = template.okta.app;
  return {
    lines: [
      ...(params.length > 0 ? [`# Replace the org, the credentials, the example values (${template.parameters.map((parameter) => parameter.name).join(", ")}) and the group (${EXAMPLE_GROUP}) with yours.`] : [`# Replace the org, the credentials and the group (${EXAMPLE_GROUP}) with yours.`]),
      ...(app.create ? [] : [`# First add the ${app.label} app in the Admin Console (${app.kind === "aiw" ? "your own SAML app, App Integration Wizard" : "from the app catalog"}); setup finds it by its label.`]),
      "export OKTA_ORG_URL=https://acme.okta.com OKTA_API_TOKEN=…   # or an OAuth service app (README: Okta credentials)",
      credentials,
      line(["setup", ...vendor, ...params, ...groupFlags]),
      line(["verify", ...vendor, ...params, ...groupFlags]),
      line(["test-connector", ...vendor, ...params]),
      line(["probe", ...vendor, ...params, "--read-only"]),
    ],
  };
}
