import { randomInt } from "node:crypto";

/*
 * The variables Okta's SCIM test files expect their Runscope "Initial Script" to set. Okta publishes
 * the SPEC test's script (Initial_Script_Spec.txt beside the test files): a given name "Runscope"
 * plus three digits, a family name of one capital, eight small letters and three digits, and an
 * email `<given><family>@atko.com` that is also the userName. These generators make values of the
 * same shapes. The CRUD test's own script (Initial_Script_CRUD.txt) is not among the sources
 * this project has; its variables are made with the same generators.
 */

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";

const pick = (alphabet: string, count: number): string => Array.from({ length: count }, () => alphabet[randomInt(alphabet.length)]).join("");

/** "Runscope" and three digits, as the SPEC initial script's generate_name(). */
function runscopeGivenName(): string {
  return `Runscope${pick(DIGITS, 3)}`;
}

/** One capital, eight small letters, three digits, as the SPEC initial script's generate_lastname(). */
function runscopeFamilyName(): string {
  return `${pick(UPPER, 1)}${pick(LOWER, 8)}${pick(DIGITS, 3)}`;
}

/** Okta-SCIM-20-SPEC-Test.json's variables, less the target's own (SCIMBaseURL, auth). */
export function oktaSpecTestVariables(): Record<"randomGivenName" | "randomFamilyName" | "randomEmail" | "randomUsername" | "InvalidUserEmail" | "UserIdThatDoesNotExist" | "randomUsernameCaps" | "randomGroupName", string> {
  const given = runscopeGivenName();
  const family = runscopeFamilyName();
  const email = `${given}${family}@atko.com`;
  return {
    randomGivenName: given,
    randomFamilyName: family,
    randomEmail: email,
    randomUsername: email,
    InvalidUserEmail: "abcdefgh@atko.com",
    UserIdThatDoesNotExist: "010101001010101011001010101011",
    randomUsernameCaps: email.toUpperCase(),
    randomGroupName: runscopeGivenName(),
  };
}

/** Okta-SCIM-20-CRUD-Test.json's generated variables, less the org's and target's (oktaOrgUrl, oktaToken, oktaAppId, SCIMUrl, SCIMAuth). */
export function oktaCrudTestVariables(): Record<"okta_user_firstname" | "okta_user_lastname" | "okta_user_email" | "okta_user_title" | "okta_user_primaryphone" | "okta_user_firstname_update", string> {
  const given = runscopeGivenName();
  const family = runscopeFamilyName();
  let updated = runscopeGivenName();
  while (updated === given) updated = runscopeGivenName();
  return {
    okta_user_firstname: given,
    okta_user_lastname: family,
    okta_user_email: `${given}${family}@atko.com`,
    okta_user_title: "SCIM Tester",
    okta_user_primaryphone: `555-${pick(DIGITS, 3)}-${pick(DIGITS, 4)}`,
    okta_user_firstname_update: updated,
  };
}
