import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * DESIGN §7: dependencies point down. `cli` and `commands` may use everything; nothing under the
 * layers below imports from them, and `core` imports only itself.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");
const TOP = new Set(["cli", "commands"]);
const LOWER = ["core", "http", "templates", "scim", "okta", "setup", "sandbox", "demo"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Every relative import of a file, as the src folder it lands in (`core`, `cli`, …). */
function importedLayers(file: string): { specifier: string; layer: string }[] {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return info.importedFiles
    .map((entry) => entry.fileName)
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => ({ specifier, layer: relative(SRC, resolve(dirname(file), specifier)).split(/[\\/]/)[0] ?? "" }));
}

const files = sourceFiles(SRC).map((file) => ({ file, layer: relative(SRC, file).split(/[\\/]/)[0] ?? "" }));

describe("import direction (DESIGN §7)", () => {
  it("finds the layers it guards", () => {
    const layers = new Set(files.map((entry) => entry.layer));
    for (const layer of ["core", "http", "templates", "scim", "sandbox", "cli", "commands"]) expect(layers).toContain(layer);
  });

  it.each(LOWER)("nothing under src/%s imports from src/cli or src/commands", (layer) => {
    const violations = files
      .filter((entry) => entry.layer === layer)
      .flatMap(({ file }) =>
        importedLayers(file)
          .filter((imported) => TOP.has(imported.layer))
          .map((imported) => `${relative(SRC, file)} → ${imported.specifier}`),
      );
    expect(violations).toEqual([]);
  });

  it("src/core imports only src/core", () => {
    const violations = files
      .filter((entry) => entry.layer === "core")
      .flatMap(({ file }) =>
        importedLayers(file)
          .filter((imported) => imported.layer !== "core")
          .map((imported) => `${relative(SRC, file)} → ${imported.specifier}`),
      );
    expect(violations).toEqual([]);
  });
});
