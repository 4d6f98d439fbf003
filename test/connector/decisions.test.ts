import { describe, expect, it } from "vitest";
import { ExitCode } from "../../src/core/exit-codes.js";
import { alternateAuthorization } from "../../src/scim/connector/auth.js";
import { candidateBasePaths } from "../../src/scim/connector/base-paths.js";
import { connectorExitCode, type CheckResult } from "../../src/scim/connector/checks.js";
import { addressRange, checkHostname, checkPublicAddress, checkScheme, isLoopbackHost } from "../../src/scim/connector/host.js";
import { assessListAnswer } from "../../src/scim/connector/list-response.js";

describe("address ranges (IPv4 and IPv6)", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.10", "private"],
    ["::ffff:192.168.1.10", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.169.254", "link-local"],
    ["fe80::1", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["2001:db8::1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["224.0.0.1", "multicast"],
    ["172.32.0.1", "public"],
    ["8.8.8.8", "public"],
    ["2606:4700::1111", "public"],
  ])("%s is %s", (address, range) => {
    expect(addressRange(address)).toBe(range);
  });

  it("a host with at least one public address passes; loopback only is an optional failure; private only is required", () => {
    expect(checkPublicAddress("scim.example", ["10.0.0.5", "203.0.114.7"]).status).toBe("passed");
    expect(checkPublicAddress("localhost", ["127.0.0.1", "::1"])).toMatchObject({ status: "failed", required: false, diagnosis: { id: "connector/loopback-address" } });
    expect(checkPublicAddress("scim.corp", ["10.0.0.5", "fd00::5"])).toMatchObject({ status: "failed", required: true, diagnosis: { id: "connector/private-address" } });
  });

  it("loopback hosts", () => {
    for (const host of ["localhost", "api.localhost", "127.0.0.1", "::1"]) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["example.com", "10.0.0.1", "0.0.0.0"]) expect(isLoopbackHost(host)).toBe(false);
  });
});

describe("static checks on the base URL", () => {
  it.each([
    ["https://scim.example.com/v2", false, "passed", undefined],
    ["http://scim.example.com/v2", false, "failed", "connector/http-not-https"],
    ["http://127.0.0.1:8080/scim/v2", true, "warned", "connector/http-on-loopback"],
  ])("%s", (url, loopback, status, id) => {
    const verdict = checkScheme(new URL(url), loopback);
    expect(verdict.status).toBe(status);
    if (id) expect(verdict).toMatchObject({ diagnosis: { id } });
  });

  it("an underscore in the host fails", () => {
    expect(checkHostname(new URL("https://my_tenant.vendor.example/scim"))).toMatchObject({ status: "failed", diagnosis: { id: "connector/underscore-in-host" } });
    expect(checkHostname(new URL("https://my-tenant.vendor.example/scim_v2")).status).toBe("passed");
  });
});

describe("likely base paths after a 404", () => {
  it.each([
    ["https://a.example", ["https://a.example/scim/v2", "https://a.example/v2", "https://a.example/scim", "https://a.example/api/scim/v2"]],
    ["https://a.example/scim", ["https://a.example/scim/v2", "https://a.example/api/scim/v2"]],
    ["https://a.example/scim/v2", ["https://a.example/scim", "https://a.example/api/scim/v2"]],
    ["https://a.example/api/v2", ["https://a.example/api/scim/v2", "https://a.example/api", "https://a.example/scim/v2"]],
    ["https://a.example/scim/v2/Users", ["https://a.example/scim/v2", "https://a.example/scim", "https://a.example/api/scim/v2"]],
  ])("%s", (base, expected) => {
    expect(candidateBasePaths(base)).toEqual(expected);
  });
});

describe("the other Bearer form of a header token", () => {
  it("removes or adds the prefix, with the secret shown as a placeholder", () => {
    expect(alternateAuthorization("header", "Bearer abc", "Bearer {token}")).toEqual({ form: "without-bearer", authorization: "abc", shown: "<token>" });
    expect(alternateAuthorization("header", "abc", "{token}")).toEqual({ form: "with-bearer", authorization: "Bearer abc", shown: "Bearer <token>" });
    expect(alternateAuthorization("basic", "Basic eDp5", "Bearer {token}")).toBeUndefined();
    expect(alternateAuthorization("oauth-bearer", "Bearer abc", "Bearer {token}")).toBeUndefined();
  });
});

describe("ListResponse verdicts", () => {
  const answer = (json: unknown, status = 200, text = JSON.stringify(json)) => ({ status, headers: { "content-type": "application/scim+json" }, text, json });
  const url = "https://a.example/scim/v2/Users?startIndex=1&count=2";

  it("an empty ListResponse passes", () => {
    const verdict = assessListAnswer(answer({ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] }), url, "Users");
    expect(verdict).toEqual({ kind: "passed", message: "200 ListResponse (totalResults 0, startIndex 1, itemsPerPage 0, 0 Resources)" });
  });

  it("a missing schemas URN passes with a note (Okta does not read it)", () => {
    const verdict = assessListAnswer(answer({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] }), url, "Users");
    expect(verdict.kind).toBe("passed");
    expect(verdict).toMatchObject({ message: expect.stringContaining("schemas lacks urn:ietf:params:scim:api:messages:2.0:ListResponse") });
  });

  it.each([
    [{ totalResults: 1, startIndex: 1, itemsPerPage: 1.5, Resources: [] }, "connector/counts-not-integers", "itemsPerPage is 1.5"],
    [{ totalResults: 0, startIndex: 1, Resources: [] }, "connector/counts-not-integers", "itemsPerPage is missing"],
    [{ totalResults: "0", Resources: {} }, "connector/missing-resources", 'Also: totalResults is the string "0"'],
    [{ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], detail: "no" }, "connector/not-list-response", "a SCIM Error with HTTP status 200"],
    [{ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], id: "1" }, "connector/not-list-response", "a single resource"],
  ])("%j → %s", (json, id, words) => {
    const verdict = assessListAnswer(answer(json), url, "Users");
    expect(verdict).toMatchObject({ kind: "failed", diagnosis: { id } });
    expect(verdict.kind === "failed" ? verdict.diagnosis.message : "").toContain(words);
  });

  it("an empty 200 body is not JSON", () => {
    expect(assessListAnswer({ status: 200, headers: {}, text: "", json: undefined }, url, "Users")).toMatchObject({ diagnosis: { id: "connector/invalid-json", message: expect.stringContaining("(empty)") } });
  });
});

describe("exit code rule", () => {
  const result = (status: CheckResult["status"], required: boolean, unreachable = false): CheckResult => ({
    id: "connector/list-users",
    status,
    required,
    message: "",
    exchanges: [],
    durationMs: 0,
    ...(unreachable ? { unreachable } : {}),
  });
  it.each([
    [[result("passed", true), result("failed", false), result("warned", false)], ExitCode.ok],
    [[result("failed", true), result("passed", true)], ExitCode.findings],
    [[result("failed", true), result("failed", true, true)], ExitCode.cannotProceed],
  ])("%#", (results, code) => {
    expect(connectorExitCode(results)).toBe(code);
  });
});
