import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { templateJsonSchemaText } from "../../src/templates/json-schema.js";
import { REPO_ROOT } from "./shipped-templates.js";

const committed = () => readFileSync(join(REPO_ROOT, "schema", "template.schema.json"), "utf8");

describe("schema/template.schema.json", () => {
  it("is what the generator produces from the zod schema now (run npm run build && npm run schema)", () => {
    expect(committed()).toBe(templateJsonSchemaText());
  });

  it("npm run schema's script writes exactly that (it runs on the compiled generator the tests' setup builds)", () => {
    const out = join(mkdtempSync(join(tmpdir(), "scim-okta-schema-")), "template.schema.json");
    const result = spawnSync(process.execPath, ["scripts/write-template-schema.js", out], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(templateJsonSchemaText());
  });
});
