import { describe, expect, it } from "vitest";
import * as diagnoses from "../../src/scim/connector/diagnoses.js";
import { DIAGNOSIS_IDS, type Diagnosis, type DiagnosisId } from "../../src/scim/connector/diagnoses.js";

/*
 * The diagnosis catalogue, run: every id test-connector can report is built by a builder here,
 * from facts, and says what happened (with those facts) and what to do, in one line each.
 */

const URL = "https://scim.example.com/scim/v2/Users?startIndex=1&count=2";
const certificate = {
  host: "scim.example.com",
  code: "DEPTH_ZERO_SELF_SIGNED_CERT",
  subject: "CN=scim.example.com",
  issuer: "CN=scim.example.com",
  altNames: "DNS:scim.example.com",
  validFrom: "Jan 1 00:00:00 2026 GMT",
  validTo: "Jan 1 00:00:00 2027 GMT",
  insecure: false,
};
const addresses = { host: "scim.internal", addresses: [{ address: "10.1.2.3", range: "private" }] };

/** Each id, the builder call that produces it, and a fact its message must carry. */
const CASES: Array<[DiagnosisId, () => Diagnosis, string]> = [
  ["connector/http-not-https", () => diagnoses.httpNotHttps("scim.example.com"), "scim.example.com"],
  ["connector/http-on-loopback", () => diagnoses.httpOnLoopback("localhost"), "localhost"],
  ["connector/underscore-in-host", () => diagnoses.underscoreInHost("scim_api.example.com"), "scim_api.example.com"],
  ["connector/loopback-address", () => diagnoses.loopbackAddress({ host: "localhost", addresses: [{ address: "127.0.0.1", range: "loopback" }] }), "127.0.0.1"],
  ["connector/private-address", () => diagnoses.privateAddress(addresses), "10.1.2.3"],
  ["connector/tls-self-signed", () => diagnoses.tlsSelfSigned(certificate), "scim.example.com"],
  ["connector/tls-expired", () => diagnoses.tlsExpired({ ...certificate, code: "CERT_HAS_EXPIRED" }), "2027"],
  ["connector/tls-not-yet-valid", () => diagnoses.tlsNotYetValid({ ...certificate, code: "CERT_NOT_YET_VALID" }), "2026"],
  ["connector/tls-wrong-host", () => diagnoses.tlsWrongHost({ ...certificate, code: "ERR_TLS_CERT_ALTNAME_INVALID", altNames: "DNS:other.example.com" }), "other.example.com"],
  ["connector/tls-untrusted", () => diagnoses.tlsUntrusted({ ...certificate, code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", issuer: "CN=Corp CA" }), "Corp CA"],
  ["connector/tls-private-ca", () => diagnoses.tlsPrivateCa({ host: "scim.example.com", issuer: "CN=Corp CA" }), "Corp CA"],
  ["connector/tls-handshake", () => diagnoses.tlsHandshake("scim.example.com", "EPROTO", "wrong version number", false), "EPROTO"],
  ["connector/dns-failure", () => diagnoses.dnsFailure("nowhere.example", "ENOTFOUND"), "nowhere.example"],
  ["connector/connection-refused", () => diagnoses.connectionRefused("scim.example.com:8443", "ECONNREFUSED"), "scim.example.com:8443"],
  ["connector/timeout", () => diagnoses.timeout(URL, 10_000, "UND_ERR_HEADERS_TIMEOUT"), "10 s"],
  ["connector/connection-reset", () => diagnoses.connectionReset("scim.example.com:443", "ECONNRESET", "socket hang up"), "ECONNRESET"],
  ["connector/proxy-refused", () => diagnoses.proxyRefused("proxy.corp:3128", "PROXY_AUTH_REQUIRED", "the proxy answered 407"), "407"],
  ["connector/answer-cut-off", () => diagnoses.answerCutOff(URL, 200, "UND_ERR_SOCKET", "other side closed"), "200"],
  ["connector/response-too-large", () => diagnoses.responseTooLarge(URL, 200, "larger than 5 MB"), "5 MB"],
  ["connector/json-too-deep", () => diagnoses.jsonTooDeep(URL, 200, "nested deeper than 64 levels"), "64"],
  ["connector/undecodable-body", () => diagnoses.undecodableBody(URL, 200, "Content-Encoding br"), "br"],
  ["connector/unauthorized", () => diagnoses.unauthorized({ authMode: "header", configured: "Bearer <token>", alternate: { form: "without-bearer", shown: "<token>", accepted: false }, detail: "invalid token" }), "invalid token"],
  ["connector/unauthorized-needs-bearer", () => diagnoses.unauthorized({ authMode: "header", configured: "<token>", alternate: { form: "with-bearer", shown: "Bearer <token>", accepted: true }, detail: undefined }), "Bearer <token>"],
  ["connector/unauthorized-needs-raw-token", () => diagnoses.unauthorized({ authMode: "header", configured: "Bearer <token>", alternate: { form: "without-bearer", shown: "<token>", accepted: true }, detail: undefined }), "<token>"],
  ["connector/forbidden", () => diagnoses.forbidden("IP not allowed"), "IP not allowed"],
  ["connector/wrong-base-path", () => diagnoses.wrongBasePath("https://scim.example.com/", "https://scim.example.com/scim/v2"), "https://scim.example.com/scim/v2"],
  ["connector/not-found", () => diagnoses.notFound(URL, ["https://scim.example.com/scim"], "no route"), "no route"],
  ["connector/redirect", () => diagnoses.redirect(URL, 301, "https://login.example.com/", undefined), "https://login.example.com/"],
  ["connector/html-page", () => diagnoses.htmlPage(URL, 200, true, "Sign in"), "Sign in"],
  ["connector/invalid-json", () => diagnoses.invalidJson(URL, 200, "text/plain", "OK"), "text/plain"],
  ["connector/not-list-response", () => diagnoses.notListResponse(URL, "a single resource"), "a single resource"],
  ["connector/missing-resources", () => diagnoses.missingResources(URL, "Users", "missing", []), "Resources"],
  ["connector/counts-not-integers", () => diagnoses.countsNotIntegers(URL, ['totalResults is the string "2"']), 'totalResults is the string "2"'],
  ["connector/server-error", () => diagnoses.serverError(URL, 503, "maintenance"), "503"],
  ["connector/unexpected-status", () => diagnoses.unexpectedStatus(URL, 202, undefined), "202"],
];

describe("the diagnosis catalogue", () => {
  it.each(CASES)("%s", (id, build, fact) => {
    const diagnosis = build();
    expect(diagnosis.id).toBe(id);
    expect(diagnosis.title.trim()).not.toBe("");
    expect(`${diagnosis.title} ${diagnosis.message}`).toContain(fact);
    expect(diagnosis.whatToDo.trim()).not.toBe("");
    for (const text of [diagnosis.title, diagnosis.message, diagnosis.whatToDo]) expect(text).not.toContain("\n");
  });

  it("every id test-connector can report is built by one of them", () => {
    expect(new Set(CASES.map(([id]) => id))).toEqual(new Set(DIAGNOSIS_IDS));
  });
});
