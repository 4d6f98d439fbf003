import { generateKeyPairSync } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/cli.js";
import { ACTION_BUNDLE, actionInputs, actionMetadata, inputEnvironment } from "./support.js";
import { parsedOptions } from "./parsed.js";

const metadata = await actionMetadata();
const { INPUTS, planRun, inputVariable, secretValues } = await actionInputs();

describe("action.yml", () => {
  it("is a JavaScript action on the runner's Node 24 that installs nothing: its main is the entry script beside the committed bundle", () => {
    expect(metadata.runs).toEqual({ using: "node24", main: "action/entry.js" });
    expect(existsSync(join(REPO_ROOT, "action", "entry.js"))).toBe(true);
    expect(existsSync(ACTION_BUNDLE)).toBe(true);
  });

  it("declares exactly the inputs action/inputs.js reads, with the ones the issue names", () => {
    expect(Object.keys(metadata.inputs).sort()).toEqual(INPUTS.map((input) => input.name).sort());
    for (const name of ["command", "base-url", "token", "auth", "vendor", "dialect", "suites", "only", "skip", "baseline", "read-only", "org-url", "okta-token", "app-id", "app-label"]) {
      expect(metadata.inputs).toHaveProperty(name);
    }
    expect(metadata.inputs.command?.default).toBe("probe");
  });

  it("names each input's variable as the runner does for a JavaScript action (INPUT_BASE-URL)", () => {
    expect(inputVariable("base-url")).toBe("INPUT_BASE-URL");
    expect(inputVariable("okta-private-key")).toBe("INPUT_OKTA-PRIVATE-KEY");
  });

  it("declares the outputs the issue names, which the entry script sets (a JavaScript action's outputs have no value:)", () => {
    for (const name of ["exit-code", "passed", "failed", "report-json"]) {
      expect(metadata.outputs[name]).toEqual({ description: expect.any(String) });
    }
  });
});

describe("inputs → the command line the real program accepts", () => {
  const cases: Array<[string, Record<string, string>, Record<string, unknown>]> = [
    ["probe, defaults", {}, { suite: ["okta-spec", "okta-runtime", "rfc"], readOnly: false }],
    [
      "probe, every probe input",
      {
        "base-url": "https://staging.example.com/scim/v2",
        auth: "header",
        "header-format": "{token}",
        vendor: "strongdm",
        dialect: "aiw",
        suites: "okta-spec, rfc",
        only: "okta-spec/*\nrfc/discovery-*",
        skip: "rfc/excluded-attributes",
        baseline: ".scim-okta-baseline",
        "read-only": "true",
        "extra-args": "--timeout 30  --concurrency 2",
      },
      {
        baseUrl: "https://staging.example.com/scim/v2",
        auth: "header",
        headerFormat: "{token}",
        vendor: "strongdm",
        dialect: "aiw",
        suite: ["okta-spec", "rfc"],
        only: ["okta-spec/*", "rfc/discovery-*"],
        skip: ["rfc/excluded-attributes"],
        baseline: ".scim-okta-baseline",
        readOnly: true,
        timeout: 30,
        concurrency: 2,
      },
    ],
    ["test-connector with a vendor's parameter", { command: "test-connector", vendor: "kloudhybrid", auth: "basic", params: "baseUrl=https://acme.apps.kloudspot.com/scim/v2" }, { vendor: "kloudhybrid", auth: "basic", param: ["baseUrl=https://acme.apps.kloudspot.com/scim/v2"] }],
  ];

  it.each(cases)("%s", async (_name, withInputs, expected) => {
    const plan = planRun(await inputEnvironment(withInputs), "/work/space");
    const parsed = await parsedOptions(plan.argv);
    expect(parsed.code, parsed.stderr).toBe(0);
    expect(parsed.path).toEqual([plan.command]);
    expect(parsed.options).toMatchObject({
      ...expected,
      reporter: ["github", `json=/work/space/scim-okta-reports/${plan.command}.json`, `junit=/work/space/scim-okta-reports/${plan.command}.junit.xml`, `markdown=/work/space/scim-okta-reports/${plan.command}.md`],
    });
  });

  it("puts each secret in the CLI's environment variable, never on the command line", async () => {
    const secrets = { token: "t0k-canary", password: "pa55-canary", "okta-token": "ssws-canary" };
    for (const [command, inputs] of [
      ["probe", { token: secrets.token }],
      ["test-connector", { auth: "basic", username: "scim", password: secrets.password }],
      ["verify", { "okta-token": secrets["okta-token"], vendor: "strongdm", "app-id": "0oa1" }],
    ] as const) {
      const plan = planRun(await inputEnvironment({ command, ...inputs }), "/w");
      expect(plan.argv.join(" ")).not.toMatch(/canary/);
      expect(Object.values(plan.cliEnv).filter((value) => value.includes("canary"))).toHaveLength(1);
    }
    expect(INPUTS.filter((input) => input.secret).map((input) => [input.name, input.env])).toEqual([
      ["token", "SCIM_TOKEN"],
      ["password", "SCIM_PASSWORD"],
      ["okta-token", "OKTA_API_TOKEN"],
      ["okta-private-key", "OKTA_PRIVATE_KEY"],
    ]);
  });

  it("verify: org, app and template inputs", async () => {
    const plan = planRun(await inputEnvironment({ command: "verify", vendor: "strongdm", "org-url": "https://acme.okta.com", "app-label": "strongDM" }), "/w");
    const parsed = await parsedOptions(plan.argv);
    expect(parsed.code, parsed.stderr).toBe(0);
    expect(parsed.options).toMatchObject({ vendor: "strongdm", orgUrl: "https://acme.okta.com", appLabel: "strongDM" });
  });
});

describe("what is masked", () => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

  it("a PEM key: the whole, and each full line of key material, never its BEGIN/END lines or their words", () => {
    const pem = privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "p" }).toString();
    expect(pem).toContain("ENCRYPTED");
    const values = secretValues({ "INPUT_OKTA-PRIVATE-KEY": pem });
    const body = pem.split("\n").filter((line) => line.length === 64);
    for (const line of body) expect(values).toContain(line);
    expect(values).not.toContain("ENCRYPTED");
    expect(values).toContain(pem.trim());
    expect(values.filter((value) => value.startsWith("-----") && value !== pem && value !== pem.trim())).toEqual([]);
  });

  it("a pretty-printed JWK: its key material, never a brace or a short field (masking `{` would blank every brace of the job's log)", () => {
    const jwk = privateKey.export({ format: "jwk" }) as Record<string, string>;
    const text = JSON.stringify({ ...jwk, alg: "RS256", use: "sig", kid: "scim-okta-service-app" }, null, 2);
    const values = secretValues({ "INPUT_OKTA-PRIVATE-KEY": text });
    for (const field of ["d", "p", "q", "dp", "dq", "qi"]) expect(values).toContain(jwk[field]);
    for (const value of values.filter((entry) => entry !== text && entry !== text.trim())) expect(value, value).toMatch(/^[A-Za-z0-9+/=_-]{16,}$/);
    expect(values).not.toContain("{");
    expect(values.some((value) => value.includes("scim-okta-service-app") && value.length < 40)).toBe(false);
    expect(values.some((value) => value.includes("RS256") && value.length < 20)).toBe(false);
  });

  it("a one-line token: itself, trimmed too, whatever its length", () => {
    expect(secretValues({ INPUT_TOKEN: " abc%25 \n" })).toEqual([" abc%25 \n", "abc%25"]);
  });
});

