import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { startServer, type Handler, type TestServer } from "./support.js";

/** Distinctive secrets, with characters that URL-encoding and JSON-escaping change. */
const TOKEN = "CaNaRy-t0ken/with+plus=eq&amp%pct";
const USERNAME = "okta-admin";
const PASSWORD = "CaNaRy-passw0rd/+=&%:colon";

/** Every form a secret can leak in: raw, base64 (and of user:pass), base64url, URL-encoded. */
function forbiddenForms(): string[] {
  const forms = new Set<string>();
  for (const secret of [TOKEN, PASSWORD]) {
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(Buffer.from(secret).toString("base64").replace(/=+$/, ""));
    forms.add(Buffer.from(secret).toString("base64url"));
    // A secret cut in half (a truncated quote) must not leak either.
    forms.add(secret.slice(0, 14));
  }
  forms.add(Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64").replace(/=+$/, ""));
  return [...forms];
}

/**
 * A server that echoes the Authorization header back in every way it can: decoded, base64,
 * URL-encoded, in a 401 body placed so a 200-character quote would cut it, in a header, and in a
 * redirect's Location.
 */
const echo: Handler = (request, response) => {
  const authorization = request.headers.authorization ?? "";
  const credential = authorization.replace(/^(Bearer|Basic)\s+/i, "");
  const decoded = /^Basic /i.test(authorization) ? Buffer.from(credential, "base64").toString("utf8") : credential;
  if ((request.url ?? "").startsWith("/redirect")) {
    response.writeHead(302, { location: `https://login.example/?token=${encodeURIComponent(decoded)}` });
    response.end();
    return;
  }
  response.writeHead(401, { "content-type": "application/scim+json", "x-echo": encodeURIComponent(decoded) });
  response.end(
    JSON.stringify({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "401",
      detail: `${"x".repeat(190)} you sent ${authorization} (${decoded}, ${encodeURIComponent(decoded)})`,
      echo: { authorization, decoded, base64: Buffer.from(decoded).toString("base64") },
    }),
  );
};

describe("secrets never leak, in any output, in any form", () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startServer(echo);
    dir = await mkdtemp(join(tmpdir(), "scim-okta-canary-"));
  });
  afterAll(async () => {
    await server.close();
  });

  const runs = [
    { name: "header token, 401 echo", args: [], path: "/scim/v2", env: { SCIM_TOKEN: TOKEN } },
    { name: "header token without Bearer, 401 echo", args: ["--header-format", "{token}"], path: "/scim/v2", env: { SCIM_TOKEN: TOKEN } },
    { name: "header token, redirect echo", args: [], path: "/redirect", env: { SCIM_TOKEN: TOKEN } },
    { name: "basic, 401 echo", args: ["--auth", "basic"], path: "/scim/v2", env: { SCIM_USERNAME: USERNAME, SCIM_PASSWORD: PASSWORD } },
  ];

  it.each(runs)("$name: stdout, stderr, json, junit, html, github and the trace are clean", async ({ name, args, path, env }) => {
    const prefix = join(dir, name.replace(/\W+/g, "-"));
    const { code, stdout, stderr } = await runCli(
      [
        "--json",
        "test-connector",
        ...args,
        "--reporter",
        "pretty",
        "--reporter",
        "github",
        "--reporter",
        `junit=${prefix}.xml`,
        "--reporter",
        `html=${prefix}.html`,
        "--reporter",
        `json=${prefix}.json`,
        "--trace",
        `${prefix}.trace.jsonl`,
      ],
      { env: { SCIM_BASE_URL: `${server.origin}${path}`, ...env } },
    );
    expect(code).toBe(1);
    const outputs: Record<string, string> = { stdout, stderr };
    for (const extension of ["xml", "html", "json", "trace.jsonl"]) outputs[extension] = await readFile(`${prefix}.${extension}`, "utf8");

    // The run really saw the echoes: the diagnosis quotes the server, redacted.
    expect(outputs.stdout).toContain("[REDACTED]");
    expect(outputs["trace.jsonl"]).toMatch(/"authorization":"(Bearer |Basic )?\[REDACTED\]"/);
    for (const [where, text] of Object.entries(outputs)) {
      for (const form of forbiddenForms()) expect(text, `${name}: ${where} contains ${form}`).not.toContain(form);
    }
  });

  it("no file written anywhere holds a secret", async () => {
    for (const file of await readdir(dir)) {
      const text = await readFile(join(dir, file), "utf8");
      for (const form of forbiddenForms()) expect(text, `${file} contains ${form}`).not.toContain(form);
    }
  });
});
