// Writes schema/template.schema.json from the zod template schema, for editors (yaml-language-server).
// Run after `npm run build`: it reads the compiled generator so it needs no TypeScript loader.
// test/templates/json-schema.test.ts calls the same generator and fails when the committed file is out of date.
import { writeFile } from "node:fs/promises";
import { templateJsonSchemaText } from "../dist/templates/json-schema.js";

const target = new URL("../schema/template.schema.json", import.meta.url);
await writeFile(target, templateJsonSchemaText());
console.log(`wrote ${target.pathname}`);
