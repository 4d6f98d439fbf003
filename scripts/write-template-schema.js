// Writes schema/template.schema.json from the zod template schema, for editors (yaml-language-server).
// Run after `npm run build`: it reads the compiled schema so it needs no TypeScript loader.
// test/templates/json-schema.test.ts fails when the committed file is out of date.
import { writeFile } from "node:fs/promises";
import { z } from "zod";
import { templateSchema } from "../dist/templates/schema.js";

const target = new URL("../schema/template.schema.json", import.meta.url);
const jsonSchema = z.toJSONSchema(templateSchema, { io: "input" });
await writeFile(target, `${JSON.stringify(jsonSchema, null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
