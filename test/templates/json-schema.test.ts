import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { templateJsonSchemaText } from "../../src/templates/json-schema.js";
import { REPO_ROOT } from "./shipped-templates.js";

describe("schema/template.schema.json", () => {
  it("is what the generator scripts/write-template-schema.js calls produces now (run npm run build && npm run schema)", () => {
    const committed = readFileSync(join(REPO_ROOT, "schema", "template.schema.json"), "utf8");
    expect(committed).toBe(templateJsonSchemaText());
  });

  it("the script writes the generator's output, not its own copy", () => {
    const script = readFileSync(join(REPO_ROOT, "scripts", "write-template-schema.js"), "utf8");
    expect(script).toMatch(/import \{ templateJsonSchemaText \} from "\.\.\/dist\/templates\/json-schema\.js"/);
  });
});
