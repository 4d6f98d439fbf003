// Writes schema/template.schema.json (or the path given as the one argument) from the zod template
// schema, for editors (yaml-language-server). Run after `npm run build`: it reads the compiled
// generator so it needs no TypeScript loader. test/templates/json-schema.test.ts runs this script and
// calls the same generator, and fails when the committed file is out of date.
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { templateJsonSchemaText } from "../dist/templates/json-schema.js";

const target = process.argv[2] ? pathToFileURL(resolve(process.argv[2])) : new URL("../schema/template.schema.json", import.meta.url);
await writeFile(target, templateJsonSchemaText());
console.log(`wrote ${target.pathname}`);
