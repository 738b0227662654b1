// Test and live environments: a tg_test_ token reads and writes only the
// sandbox copy of the workspace's resources, a tg_live_ token never sees it,
// in lists, single reads, cursors and writes; resetting the sandbox restores
// it from live data and keeps test tokens' chosen resources.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetSandbox } from "@/lib/workspaces/sandbox";
import { api, expectError, expectOk, makeToken, patchJson, uniqueName, walk } from "./helpers";

afterAll(() => db.$disconnect());

interface DeviceJson {
  serial: string;
  name: string;
  site_id: string;
  group_ids: string[];
}
interface IdJson {
  id: string;
  name: string;
}

let acmeId: string;
let live: { value: string };
let test: { value: string };
beforeAll(async () => {
  acmeId = (await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } })).id;
  const scopes = ["devices:read", "devices:write", "groups:read", "sites:read"] as const;
  live = await makeToken({ label: "live reader", scopes: [...scopes] });
  test = await makeToken({ label: "test reader", scopes: [...scopes], environment: "test" });
});

describe("test and live environments", () => {
  it("issues tg_test_ values, and the token says which environment it is in", async () => {
    expect(test.value).toMatch(/^tg_test_[0-9A-Za-z]{33}$/);
    expect(live.value).toMatch(/^tg_live_/);
    const info = await expectOk<{ data: { environment: string } }>(await api("/api/v1/token", { token: test.value }));
    expect(info.data.environment).toBe("test");
    const liveInfo = await expectOk<{ data: { environment: string } }>(await api("/api/v1/token", { token: live.value }));
    expect(liveInfo.data.environment).toBe("live");
  });

  it("keeps lists, single reads and cursors apart in both directions", async () => {
    for (const kind of ["groups", "sites"] as const) {
      const liveRows = await walk<IdJson>(`/api/v1/${kind}`, live.value, 2);
      const testRows = await walk<IdJson>(`/api/v1/${kind}`, test.value, 2);
      expect(testRows.length).toBe(liveRows.length);
      expect(testRows.map((r) => r.name).sort()).toEqual(liveRows.map((r) => r.name).sort());
      const liveIds = new Set(liveRows.map((r) => r.id));
      expect(testRows.some((r) => liveIds.has(r.id))).toBe(false);
      // A live id is unknown to a test token, and a sandbox id to a live token.
      await expectError(await api(`/api/v1/${kind}/${liveRows[0].id}`, { token: test.value }), 404, "not_found");
      await expectError(await api(`/api/v1/${kind}/${testRows[0].id}`, { token: live.value }), 404, "not_found");
      await expectOk(await api(`/api/v1/${kind}/${testRows[0].id}`, { token: test.value }));
    }
    const sandboxGroups = new Set((await walk<IdJson>("/api/v1/groups", test.value)).map((g) => g.id));
    const sandboxSites = new Set((await walk<IdJson>("/api/v1/sites", test.value)).map((s) => s.id));
    // Page by page (a cursor per page), every sandbox device points at sandbox groups and sites only.
    const devices = await walk<DeviceJson>("/api/v1/devices", test.value, 7);
    const liveDevices = await walk<DeviceJson>("/api/v1/devices", live.value, 7);
    expect(devices.map((d) => d.serial)).toEqual(liveDevices.map((d) => d.serial));
    for (const device of devices) {
      expect(sandboxSites.has(device.site_id)).toBe(true);
      for (const group of device.group_ids) expect(sandboxGroups.has(group)).toBe(true);
    }
    for (const device of liveDevices) expect(sandboxSites.has(device.site_id)).toBe(false);
  });

  it("a write with a test token changes only sandbox data, and a reset restores it", async () => {
    const [device] = await walk<DeviceJson>("/api/v1/devices", test.value);
    const liveBefore = await expectOk<{ data: DeviceJson }>(await api(`/api/v1/devices/${device.serial}`, { token: live.value }));
    const renamed = uniqueName("Sandbox rename");
    const patched = await expectOk<{ data: DeviceJson }>(
      await patchJson(`/api/v1/devices/${device.serial}`, test.value, { name: renamed }),
    );
    expect(patched.data.name).toBe(renamed);
    const liveAfter = await expectOk<{ data: DeviceJson }>(await api(`/api/v1/devices/${device.serial}`, { token: live.value }));
    expect(liveAfter.data.name).toBe(liveBefore.data.name);

    await resetSandbox(db, acmeId);
    const restored = await expectOk<{ data: DeviceJson }>(await api(`/api/v1/devices/${device.serial}`, { token: test.value }));
    expect(restored.data.name).toBe(liveBefore.data.name);
  });

  it("a live write never reaches the sandbox until a reset copies it", async () => {
    const [device] = await walk<DeviceJson>("/api/v1/devices", live.value);
    const original = device.name;
    const renamed = uniqueName("Live rename");
    try {
      await expectOk(await patchJson(`/api/v1/devices/${device.serial}`, live.value, { name: renamed }));
      const sandbox = await expectOk<{ data: DeviceJson }>(await api(`/api/v1/devices/${device.serial}`, { token: test.value }));
      expect(sandbox.data.name).toBe(original);
      await resetSandbox(db, acmeId);
      const copied = await expectOk<{ data: DeviceJson }>(await api(`/api/v1/devices/${device.serial}`, { token: test.value }));
      expect(copied.data.name).toBe(renamed);
    } finally {
      await patchJson(`/api/v1/devices/${device.serial}`, live.value, { name: original });
      await resetSandbox(db, acmeId);
    }
  });

  it("a test token chooses sandbox resources only, and keeps them across a reset", async () => {
    const sandboxGroup = await db.deviceGroup.findFirstOrThrow({ where: { workspaceId: acmeId, environment: "test" } });
    const liveGroup = await db.deviceGroup.findFirstOrThrow({ where: { workspaceId: acmeId, environment: "live" } });
    await expect(
      makeToken({ label: "test, live group", environment: "test", allResources: false, scopes: ["groups:read"], groupIds: [liveGroup.id] }),
    ).rejects.toThrow(/not available/);
    const scoped = await makeToken({
      label: "test, sandbox group",
      environment: "test",
      allResources: false,
      scopes: ["groups:read"],
      groupIds: [sandboxGroup.id],
    });
    await expectOk(await api(`/api/v1/groups/${sandboxGroup.id}`, { token: scoped.value }));
    await resetSandbox(db, acmeId);
    await expectOk(await api(`/api/v1/groups/${sandboxGroup.id}`, { token: scoped.value }));
  });

  it("a reset copies live resources added since and removes sandbox rows whose original is gone", async () => {
    const site = await db.site.findFirstOrThrow({ where: { workspaceId: acmeId, environment: "live" } });
    const serial = `ENV-${Date.now()}`;
    const added = await db.device.create({ data: { workspaceId: acmeId, serial, name: "Added later", siteId: site.id } });
    try {
      await expectError(await api(`/api/v1/devices/${serial}`, { token: test.value }), 404, "not_found");
      await resetSandbox(db, acmeId);
      const twin = await expectOk<{ data: DeviceJson }>(await api(`/api/v1/devices/${serial}`, { token: test.value }));
      expect(twin.data.name).toBe("Added later");
    } finally {
      await db.device.delete({ where: { id: added.id } });
    }
    await resetSandbox(db, acmeId);
    await expectError(await api(`/api/v1/devices/${serial}`, { token: test.value }), 404, "not_found");
  });
});
