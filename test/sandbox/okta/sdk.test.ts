import * as okta from "@okta/okta-sdk-nodejs";
import { exportJWK, generateKeyPair } from "jose";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { OktaEmulator } from "../../../src/sandbox/okta/index.js";
import { startForTest } from "./okta-http.js";

/**
 * Okta's own Node SDK (the one src/okta builds on) against the emulator, in both of its
 * authorization modes: requests it builds are answered in shapes it can read, its Link paging
 * works, its errors carry Okta's error fields. Every config field is explicit so nothing from the
 * environment (OKTA_CLIENT_*, ~/.okta/okta.yaml) leaks in.
 */
let emulator: OktaEmulator;

beforeEach(async () => {
  ({ emulator } = await startForTest({ connectionsApi: "works", featuresApi: "works" }));
});
afterEach(() => emulator.close());

function sswsClient(token = emulator.apiToken): okta.Client {
  return new okta.Client({ orgUrl: emulator.orgUrl, authorizationMode: "SSWS", token, cacheMiddleware: null } as ConstructorParameters<typeof okta.Client>[0]);
}

async function collect<T>(collection: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of collection) items.push(item);
  return items;
}

describe("@okta/okta-sdk-nodejs 8.1.0 against the emulator", () => {
  test("SSWS: apps, users, groups, mappings, app users; collections follow the Link header", async () => {
    const client = sswsClient();
    for (const label of ["One", "Two", "Three"]) {
      await client.applicationApi.createApplication({ application: { name: "scim2headerauth", label, signOnMode: "AUTO_LOGIN" } as never });
    }
    const apps = await collect(await client.applicationApi.listApplications({ limit: 2 }));
    expect(apps.map((app) => app?.label)).toEqual(["One", "Two", "Three"]);

    const user = await client.userApi.createUser({ body: { profile: { login: "ada@example.com", email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" } }, activate: false });
    expect(user.status).toBe("STAGED");
    const group = await client.groupApi.createGroup({ group: { profile: { name: "Engineers" } } });
    await client.groupApi.assignUserToGroup({ groupId: group.id as string, userId: user.id as string });
    expect((await collect(await client.groupApi.listGroupUsers({ groupId: group.id as string }))).map((member) => member?.id)).toEqual([user.id]);

    const appId = apps[0]?.id as string;
    const mappings = await collect(await client.profileMappingApi.listProfileMappings({ targetId: appId }));
    expect(mappings).toHaveLength(1);
    const mapping = await client.profileMappingApi.getProfileMapping({ mappingId: mappings[0]?.id as string });
    expect(mapping.properties).toMatchObject({ givenName: { expression: "user.firstName" } });

    const appUser = await client.applicationApi.assignUserToApplication({ appId, appUser: { id: user.id } as never });
    expect(appUser.syncState).toBe("DISABLED");
    expect((await client.applicationApi.getApplicationUser({ appId, userId: user.id as string })).credentials?.userName).toBe("ada@example.com");

    const types = await collect(await client.userTypeApi.listUserTypes());
    expect(types[0]?.name).toBe("user");
    const schema = await client.schemaApi.getApplicationUserSchema({ appInstanceId: appId });
    expect(schema.definitions?.base?.properties).toBeDefined();
  });

  test("SSWS: errors arrive as OktaApiError with status, errorCode and errorSummary", async () => {
    const error = await sswsClient()
      .applicationApi.getApplication({ appId: "0oaDOESNOTEXIST12345" })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 404, errorCode: "E0000007", errorSummary: "Not found: Resource not found: 0oaDOESNOTEXIST12345 (AppInstance)" });
    const denied = await sswsClient("00wrong")
      .applicationApi.getApplication({ appId: "x" })
      .catch((caught: unknown) => caught);
    expect(denied).toMatchObject({ status: 401, errorCode: "E0000011" });
  });

  test("PrivateKey: the SDK's client assertion gets a token; its scopes are enforced", async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const kid = "sdk-key";
    const { clientId } = emulator.registerOAuthClient({ publicKeys: [{ ...(await exportJWK(publicKey)), kid, alg: "RS256" }], scopes: ["okta.apps.read", "okta.apps.manage", "okta.users.read"] });
    const client = new okta.Client({
      orgUrl: emulator.orgUrl,
      authorizationMode: "PrivateKey",
      clientId,
      scopes: ["okta.apps.read", "okta.apps.manage", "okta.users.read"],
      privateKey: { ...(await exportJWK(privateKey)), kid, alg: "RS256" },
      keyId: kid,
      cacheMiddleware: null,
    } as ConstructorParameters<typeof okta.Client>[0]);

    const app = await client.applicationApi.createApplication({ application: { name: "scim2testapp", label: "Bearer", signOnMode: "SAML_2_0" } as never });
    expect(app.label).toBe("Bearer");
    expect((await collect(await client.userApi.listUsers())).length).toBe(0);
    const denied = await client.groupApi.createGroup({ group: { profile: { name: "Nope" } } }).catch((caught: unknown) => caught);
    expect(denied).toMatchObject({ status: 403 });
  });

  test("PrivateKey: a key the org does not know is refused at the token endpoint, and no API call gets through", async () => {
    await emulator.close();
    const answers: Array<[string, number]> = [];
    ({ emulator } = await startForTest({ record: (exchange) => answers.push([exchange.path, exchange.status]) }));
    const registered = await generateKeyPair("RS256", { extractable: true });
    const other = await generateKeyPair("RS256", { extractable: true });
    const { clientId } = emulator.registerOAuthClient({ publicKeys: [{ ...(await exportJWK(registered.publicKey)), kid: "k" }], scopes: ["okta.apps.read"] });
    const client = new okta.Client({
      orgUrl: emulator.orgUrl,
      authorizationMode: "PrivateKey",
      clientId,
      scopes: ["okta.apps.read"],
      privateKey: { ...(await exportJWK(other.privateKey)), kid: "k", alg: "RS256" },
      keyId: "k",
      cacheMiddleware: null,
    } as ConstructorParameters<typeof okta.Client>[0]);
    const error = await client.applicationApi.getApplication({ appId: "x" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 401 });
    // The SDK asks for a token (and retries once); every attempt is refused, no API call succeeds.
    expect(answers.filter(([path]) => path === "/oauth2/v1/token").map(([, status]) => status)).toEqual(expect.arrayContaining([401]));
    expect(answers.filter(([, status]) => status === 200)).toEqual([]);
  });
});
