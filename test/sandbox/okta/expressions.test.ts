import { describe, expect, test } from "vitest";
import { evaluateExpression, evaluateUserNameTemplate } from "../../../src/sandbox/okta/index.js";

const profile = { login: "Ada.Lovelace@Example.com", email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", managerId: null };

describe("Okta expressions the emulator evaluates", () => {
  test.each([
    ["user.firstName", "Ada"],
    ["user.firstName + \" \" + user.lastName", "Ada Lovelace"],
    ['String.substringBefore(user.email, "@")', "ada"],
    ['String.substringAfter(user.email, "@")', "example.com"],
    ["String.toLowerCase(user.login)", "ada.lovelace@example.com"],
    ["toUpperCase(user.lastName)", "LOVELACE"],
    ["user.managerId", null],
    ["user.notAnAttribute", null],
    ["user.firstName + user.managerId", "Ada"],
    ["null", null],
    ["hasDirectoryUser() ? 1 : 2", null],
    ["", null],
  ])("%s → %j", (expression, expected) => {
    expect(evaluateExpression(expression, { user: profile })).toBe(expected);
  });

  test.each([
    ["${source.login}", "Ada.Lovelace@Example.com"],
    ["${source.email}", "ada@example.com"],
    ['${fn:substringBefore(source.login, "@")}', "Ada.Lovelace"],
    ["${fn:toLowerCase(source.email)}", "ada@example.com"],
    ['${fn:substringBefore(source.email, "@")}', "ada"],
  ])("the username template %s gives %s", (template, expected) => {
    expect(evaluateUserNameTemplate(template, profile)).toBe(expected);
  });
});
