import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Okta's reference files live beside the repo (../shared/okta); SCIM_OKTA_FILES points elsewhere; without them the tests that need them skip. */
export const OKTA_FILES_DIR = process.env.SCIM_OKTA_FILES ?? join(REPO_ROOT, "..", "shared", "okta");
export const SPEC_TEST_FILE = join(OKTA_FILES_DIR, "scim-tests", "Okta-SCIM-20-SPEC-Test.json");
export const CRUD_TEST_FILE = join(OKTA_FILES_DIR, "scim-tests", "Okta-SCIM-20-CRUD-Test.json");

/** True when the file is there; otherwise prints a visible notice naming the file and the variable to set. */
export function oktaFilePresent(file: string, what: string): boolean {
  if (existsSync(file)) return true;
  console.warn(`note: skipping ${what}: ${file} is missing (set SCIM_OKTA_FILES to the folder holding Okta's scim-tests/)`);
  return false;
}
