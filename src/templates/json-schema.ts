import { z } from "zod";
import { templateSchema } from "./schema.js";

/**
 * schema/template.schema.json, for editors (yaml-language-server): the zod template schema as JSON
 * Schema. scripts/write-template-schema.js writes it; test/templates/json-schema.test.ts compares
 * the committed file with it.
 */
export function templateJsonSchemaText(): string {
  return `${JSON.stringify(z.toJSONSchema(templateSchema, { io: "input" }), null, 2)}\n`;
}
