import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { templateSchema } from "../../src/templates/schema.js";
import { REPO_ROOT } from "./shipped-templates.js";

describe("schema/template.schema.json", () => {
  it("is what the zod template schema generates now (run npm run build && npm run schema)", () => {
    const committed = readFileSync(join(REPO_ROOT, "schema", "template.schema.json"), "utf8");
    const generated = `${JSON.stringify(z.toJSONSchema(templateSchema, { io: "input" }), null, 2)}\n`;
    expect(committed).toBe(generated);
  });
});
