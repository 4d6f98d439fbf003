import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/main.js";
import { listedCommands, renderVendor } from "../../src/commands/vendors/view.js";
import { AUTOMATION } from "../../src/templates/admin-steps.js";
import { manualSteps } from "../../src/templates/manual-steps.js";
import { collectProvenance, normalizeWhitespace } from "../../src/templates/provenance.js";
import { runCli } from "../support/cli.js";
import { GENERIC_IDS, SEED_VENDOR_IDS, shippedTemplate } from "./shipped-templates.js";

/** `vendors show` as an Okta admin reads it beside the guide (issue 14, issue 15 item 8). */

const plain = new Chalk({ level: 0 });
const ALL_IDS = [...SEED_VENDOR_IDS, ...GENERIC_IDS];
const show = (id: string, commands: readonly string[] = listedCommands()) => {
  const template = shippedTemplate(id);
  return renderVendor(template, manualSteps(template), plain, { commands });
};
/** The numbered section headings, in print order. */
const sections = (text: string) => [...text.matchAll(/^\d+\. (.+)$/gm)].map((match) => match[1] ?? "");

/** Commands DESIGN §2 promises; the ones the CLI does not list yet must not be named. */
const DESIGN_COMMANDS = ["vendors", "setup", "verify", "test-connector", "probe", "conformance", "sandbox", "demo"];
/** Flags that belong to commands not listed yet (setup, verify). */
const SETUP_FLAGS = ["--app-id", "--app-label", "--push-group", "--assign-group", "--canary-user"];

describe("vendors show: the admin's order", () => {
  const order = [
    /^In .+, before Okta/,
    /^(Add the app|Open )/,
    /^The provisioning connection/,
    /^Provisioning to App/,
    /^Attributes and mappings/,
    /^Push groups/,
    /^In .+, before anyone is assigned/,
    /^Assignments, last/,
    /^In .+, after Okta/,
  ];
  const rank = (heading: string) => order.findIndex((pattern) => pattern.test(heading));

  it.each(ALL_IDS.map((id) => [id] as const))("%s: prerequisites, vendor side, app, connection, To App, mappings, group push, assignments last", (id) => {
    const text = show(id);
    const headings = sections(text);
    const ranks = headings.map(rank);
    expect(ranks, headings.join(" | ")).not.toContain(-1);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(headings.filter((heading) => /^Assignments/.test(heading))).toHaveLength(1);
    if (text.includes("Before you start")) expect(text.indexOf("Before you start")).toBeLessThan(text.indexOf("\n1. "));
  });

  it("strongDM: the guide's \"Add a SCIM test application\" steps are steps of the app section", () => {
    const text = show("strongdm");
    const app = text.slice(text.indexOf("2. Add the app"), text.indexOf("3. The provisioning connection"));
    expect(app).toMatch(/1\) Log in to your Okta account\.[\s\S]*3\) Click Add Application[\s\S]*4\) Search for SCIM 2\.0 Test App \(Header Auth\)[\s\S]*6\) On the General Settings page[\s\S]*7\) In Sign on methods > Credentials Details, set the Application Username Format to Email\.[\s\S]*8\) Click Done\./);
    expect(app).toContain("Application username format: Email");
  });

  it("Clumio: the group is pushed, then assigned, then the admin's sync is checked, and only then Clumio's Enable Auto User Provisioning", () => {
    const text = show("clumio");
    const push = text.indexOf(". Push groups");
    const assign = text.indexOf("- Assign the app to the groups you push");
    const sync = text.indexOf("check that the logged-in admin's sync succeeded");
    const enable = text.indexOf("Click Enable Auto User Provisioning.");
    expect(push).toBeGreaterThan(0);
    expect(push).toBeLessThan(assign);
    expect(assign).toBeLessThan(sync);
    expect(sync).toBeLessThan(enable);
    expect(text.slice(text.indexOf(". In Clumio, after Okta"))).toContain("Click Enable Auto User Provisioning.");
  });

  it("CloudApp: Team settings (SSO + SCIM, Update) come after To App and before the assignments", () => {
    const text = show("cloudapp");
    expect(sections(text)).toEqual([
      "In CloudApp, before Okta: the base URL and the credentials Okta needs",
      "Open your own app for CloudApp (the SAML or SWA app you made with the App Integration Wizard)",
      "The provisioning connection: base URL and credentials",
      "Provisioning to App",
      "In CloudApp, before anyone is assigned",
      "Assignments, last (users assigned before provisioning is on are not provisioned)",
    ]);
  });
});

describe("vendors show: click paths in the Admin Console", () => {
  it("every step says where to click, including Push Groups, mapping edits and removing attributes", () => {
    expect(show("clumio")).toContain("where: Applications → Applications → Clumio → Push Groups → Push Groups → Find groups by name (or Find groups by rule) → pick the group → Save");
    const infrascale = show("infrascale");
    expect(infrascale).toContain("where: Applications → Applications → Infrascale → Provisioning → Settings: To App → Attribute Mappings → Edit (pencil) next to the attribute");
    expect(infrascale).toContain("where: Applications → Applications → Infrascale → Provisioning → Settings: To App → Attribute Mappings → Remove (X) next to each attribute to remove → confirm");
    expect(infrascale).toContain("where: Applications → Applications → Infrascale → General → App Settings → Edit → fill in the values below → Save");
    expect(show("clumio")).toContain("where: Applications → Applications → Clumio → Sign On → Settings → Edit → Credentials Details → Save");
    for (const id of ALL_IDS) {
      const chunks = show(id).split(/^(?=\d+\. )/m).slice(1);
      for (const chunk of chunks.filter((part) => !/^\d+\. In /.test(part))) expect(chunk, `${id}: ${chunk.split("\n")[0] ?? ""}`).toMatch(/^ {3}where: Applications → Applications/m);
    }
  });
});

describe("vendors show: inference is marked", () => {
  it.each(SEED_VENDOR_IDS.map((id) => [id] as const))("%s: every inferred fact is printed as \"not in the guide: …\"", (id) => {
    const text = normalizeWhitespace(show(id));
    const inferred = collectProvenance(shippedTemplate(id)).filter((fact) => fact.inferred !== undefined);
    expect(inferred.length).toBeGreaterThan(0);
    for (const fact of inferred) expect(text, fact.path).toContain(`not in the guide: ${normalizeWhitespace(fact.inferred ?? "")}`);
  });

  it("strongDM's Sync Password off is the tool's inference; KloudHybrid's is the guide's", () => {
    expect(show("strongdm")).toMatch(/Sync Password: off\n\s+not in the guide: the guide lists only the three options/);
    expect(show("kloudhybrid")).toMatch(/Sync Password: off\n(?!\s+not in the guide)/);
  });

  it("KloudHybrid: the base URL is what KloudHybrid shows (a parameter, the guide's example), managerValue is not required", () => {
    const text = show("kloudhybrid");
    expect(text).toContain("Base URL: {baseUrl}");
    expect(text).toContain("--param baseUrl=https://sj-test.apps.kloudspot.com/scim/v2");
    expect(text).not.toContain("kloudspot.com/scim/v2 --param tenant");
    expect(text).toMatch(/- managerValue ← \{managerSource\} — the manager's userName/);
    expect(text).not.toMatch(/managerValue[^\n]*required/);
    expect(text).toContain("App attributes the mappings need (added only where the app's schema lacks them):");
  });
});

describe("vendors show names only what the CLI lists (issue 15 item 8)", () => {
  it("the guide by its title, never by its file name", () => {
    for (const id of SEED_VENDOR_IDS) {
      const template = shippedTemplate(id);
      const text = show(id);
      expect(text).toContain(`Guide: "${template.guide?.title ?? ""}"`);
      expect(text).not.toContain(template.guide?.seed ?? "");
      expect(text).not.toMatch(/\d{3}_[0-9a-f]{16}\.txt/);
    }
  });

  it("listedCommands is the registered commands --help lists", () => {
    expect(listedCommands()).toEqual(COMMANDS.filter((entry) => !entry.hidden).map((entry) => entry.name));
  });

  it.each(ALL_IDS.map((id) => [id] as const))("%s: no command or flag of a command --help does not list", (id) => {
    const listed = listedCommands();
    const text = show(id, listed);
    const named = [...text.matchAll(/scim-okta ([a-z-]+)/g)].map((match) => match[1]);
    for (const command of named) expect(listed, `"scim-okta ${command}"`).toContain(command);
    for (const command of DESIGN_COMMANDS.filter((name) => !listed.includes(name))) expect(text, command).not.toMatch(new RegExp(`(^|[^\\w-])${command}([^\\w-]|$)`));
    if (!listed.includes("setup")) for (const flag of SETUP_FLAGS) expect(text, flag).not.toContain(flag);
  });

  it("once setup is listed, the view says what setup does, from the one table in admin-steps.ts", () => {
    const withSetup = show("strongdm", [...listedCommands(), "setup"]);
    expect(withSetup).toContain(`how: ${AUTOMATION["add-app"].setup}`);
    // strongDM's token on a catalog app: setup tries the Connections API first; KloudHybrid's basic auth: by hand only.
    expect(withSetup).toContain(`how: ${AUTOMATION["provisioning-connection"].setupApiFirst}`);
    expect(show("kloudhybrid", [...listedCommands(), "setup"])).toContain(`how: ${AUTOMATION["provisioning-connection"].setup}`);
    const without = show("strongdm", listedCommands().filter((name) => name !== "setup"));
    expect(without).toContain(`how: by hand here; ${AUTOMATION["add-app"].api}`);
    expect(without).toContain(`how: by hand: ${AUTOMATION["provisioning-connection"].api}`);
  });

  it("the real CLI: every vendor's show output names only listed commands", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    const listed = [...help.stdout.matchAll(/^ {2}([a-z-]+)(?:\|[a-z-]+)?\s/gm)].map((match) => match[1]).filter((name) => name !== "help");
    expect(listed).toContain("vendors");
    for (const id of ALL_IDS) {
      const { code, stdout } = await runCli(["vendors", "show", id]);
      expect(code, id).toBe(0);
      for (const command of DESIGN_COMMANDS.filter((name) => !listed.includes(name) && name !== "conformance")) {
        expect(stdout, `${id}: ${command}`).not.toMatch(new RegExp(`(^|[^\\w-])${command}([^\\w-]|$)`));
      }
    }
  });
});
