import { afterEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/start.js";
import { runCli } from "../support/cli.js";
import { adminPut, settingsFromInstructions, type PendingJson } from "./support/admin.js";
import { VENDOR_CASES as CASES } from "./support/vendors.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe("every vendor template end to end against the sandbox", () => {
  it.each(CASES)("$id", async (vendor) => {
    const box = (sandbox = await startSandbox({ rateLimit: 100_000 }));
    const { store } = box.okta;
    const boss = store.createUser({ login: "boss@example.com", email: "boss@example.com", firstName: "Bo", lastName: "Ss" }, { activate: true, hasPassword: true });
    const ann = store.createUser({ login: "ann@example.com", email: "ann@example.com", firstName: "Ann", lastName: "Lee", title: "Engineer", nickName: "annie", managerId: "boss@example.com" }, { activate: true, hasPassword: true });
    const admins = store.createGroup({ name: "Clumio Admins" });
    store.addGroupMember(admins.id, boss.id);
    const existing = vendor.existingApp ? store.createApp({ ...(vendor.existingApp.name ? { name: vendor.existingApp.name } : {}), label: vendor.existingApp.label, signOnMode: vendor.existingApp.signOnMode }, true) : undefined;
    const env = {
      OKTA_ORG_URL: box.oktaOrgUrl,
      OKTA_API_TOKEN: box.oktaApiToken,
      ...(vendor.credentials === "basic" ? { SCIM_USERNAME: box.scimUsername, SCIM_PASSWORD: box.scimPassword } : { SCIM_TOKEN: box.scimToken }),
    };
    const argv = ["--json", "setup", "--vendor", vendor.id, "--base-url", box.scimBaseUrl, "--yes", ...(vendor.params?.(box) ?? []), ...(vendor.pushGroup ? ["--push-group", vendor.pushGroup] : [])];
    const run = async (extra: string[] = []) => {
      const result = await runCli([...argv, ...extra], { env });
      expect(result.stdout, result.stderr).not.toBe("");
      const json = JSON.parse(result.stdout) as { app: { id: string } | null; applied: number; pending: PendingJson[]; error?: { message: string } };
      expect(json.error, result.stdout).toBeUndefined();
      return { code: result.code, json, stderr: result.stderr };
    };

    // 1. Non-interactive: everything Okta's API can do, then exit 4 listing the Admin Console steps.
    const first = await run(["--probe", "none"]);
    expect(first.code, first.stderr).toBe(4);
    expect(first.json.pending.length).toBeGreaterThan(0);
    const appId = first.json.app!.id;
    if (existing) expect(appId).toBe(existing.id);
    expect(first.json.pending[0]!.link).toContain(appId);

    // 2. The admin follows the printed steps in the Admin Console stand-in, until setup has nothing left to ask.
    let pending = first.json.pending;
    for (let round = 0; pending.length > 0 && round < 3; round += 1) {
      await adminPut(box, appId, settingsFromInstructions(pending, box));
      const next = await run(["--probe", "none"]);
      pending = next.json.pending;
      if (pending.length === 0) expect(next.code, next.stderr).toBe(0);
    }
    expect(pending, JSON.stringify({ pending, provisioning: store.getApp(appId).provisioning }, null, 1)).toEqual([]);

    if (vendor.pushGroup) {
      // Clumio's order, before any group is pushed: setup does not yet list the steps at Clumio
      // (Enable Auto User Provisioning without the admins' group locks them out).
      const unpushed = await runCli(["setup", "--vendor", vendor.id, "--base-url", box.scimBaseUrl, "--yes", "--probe", "none", ...(vendor.params?.(box) ?? [])], { env });
      expect(unpushed.code, unpushed.stderr).toBe(0);
      expect(unpushed.stdout).toContain("Not yet at Clumio: no group has been pushed to it from Okta.");
      expect(unpushed.stdout).not.toContain("Enable Auto User Provisioning");
    }

    // 3. Re-run with the SCIM checks (read-only probes): exit 0, no write; verify agrees.
    const settled = await run();
    expect(settled.code, settled.stderr).toBe(0);
    expect(settled.json.applied).toBe(0);
    if (vendor.pushGroup) {
      // Clumio's order: the admin's group is pushed and confirmed before setup says to enable auto provisioning there.
      const json = settled.json as unknown as { groupPush: { status: string; lastPush: string | null }[]; vendorSteps: { text: string }[] };
      expect(json.groupPush).toEqual([expect.objectContaining({ status: "ACTIVE", lastPush: expect.any(String) })]);
      expect(json.vendorSteps.map((step) => step.text)).toContain("Click Enable Auto User Provisioning.");
      expect(box.scim.snapshot().groups.map((group) => group.displayName)).toContain("Clumio Admins");
    }
    const verify = await runCli(["verify", "--vendor", vendor.id, "--base-url", box.scimBaseUrl, ...(vendor.params?.(box) ?? []), ...(vendor.pushGroup ? ["--push-group", vendor.pushGroup] : [])], { env });
    expect(verify.code, verify.stdout).toBe(0);
    expect(store.apps.size).toBe(1);

    // 4. Okta provisions an assigned user to the vendor as the guide says.
    box.scim.requests.length = 0;
    store.assignUser(appId, { userId: ann.id });
    await box.provisioning.whenIdle();
    const users = box.scim.snapshot().users;
    const arrived = users.find((user) => user.externalId === ann.id);
    expect(arrived, JSON.stringify({ users, appUser: store.getAppUser(appId, ann.id), requests: box.scim.requests.map((r) => `${r.method} ${r.path}`) })).toBeDefined();
    expect(store.getAppUser(appId, ann.id).syncState).toBe("SYNCHRONIZED");
    const created = box.scim.requests.find((request) => request.method === "POST" && request.path.endsWith("/Users"));
    expect(created).toBeDefined();
    const body = JSON.parse(created!.body ?? "{}") as Record<string, unknown>;
    if (vendor.id === "kloudhybrid") {
      expect(body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]).toMatchObject({ manager: { value: "boss@example.com" } });
    }
    if (vendor.id === "infrascale") {
      expect(body.title).toBeUndefined();
      expect(body.nickName).toBeUndefined();
      expect(body.userName).toBe("ann@example.com");
    }
    // The dialect shows in how a deactivation is sent: aiw a full PUT, oin a PATCH.
    box.scim.requests.length = 0;
    store.unassignUser(appId, ann.id);
    await box.provisioning.whenIdle();
    const deactivation = box.scim.requests.find((request) => request.method === "PUT" || request.method === "PATCH");
    expect(deactivation?.method).toBe(vendor.dialect === "aiw" ? "PUT" : "PATCH");
  });
});
