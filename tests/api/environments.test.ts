// Test and live environments: a tg_test_ token reads and writes only the
// sandbox copy of the workspace's resources, a tg_live_ token never sees it,
// in lists, single reads, cursors and writes; resetting the sandbox restores
// it from live data and keeps test tokens' chosen resources.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, provider } from "@/lib/db/client";
import { createToken } from "@/lib/tokens/service";
import { inSlices } from "@/lib/db/chunks";
import { resetSandbox, SANDBOX_RESET_LIMIT } from "@/lib/workspaces/sandbox";
import { callAction, signIn } from "../support/actions";
import { freshWorkspace, tokenInput } from "../support/factories";
import { actorFor, api, BASE_URL, expectError, expectOk, makeToken, patchJson, uniqueName, walk } from "./helpers";

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

type Page<T> = { data: T[]; next_cursor: string | null };
const page = async <T>(path: string, token: string) => expectOk<Page<T>>(await api(path, { token }));
const withCursor = (path: string, cursor: string | null) => `${path}&cursor=${encodeURIComponent(cursor ?? "")}`;

/** The live original of a sandbox group or site (its `sourceId`), read from the database. */
async function liveOriginal(kind: "groups" | "sites", sandboxId: string) {
  const row =
    kind === "groups"
      ? await db.deviceGroup.findUniqueOrThrow({ where: { id: sandboxId }, select: { sourceId: true, environment: true } })
      : await db.site.findUniqueOrThrow({ where: { id: sandboxId }, select: { sourceId: true, environment: true } });
  expect(row.environment).toBe("test");
  expect(row.sourceId).toBeTruthy();
  return row.sourceId!;
}

async function storedName(kind: "groups" | "sites", id: string) {
  const row =
    kind === "groups"
      ? await db.deviceGroup.findUniqueOrThrow({ where: { id }, select: { name: true } })
      : await db.site.findUniqueOrThrow({ where: { id }, select: { name: true } });
  return row.name;
}

describe("test and live environments: the audit log is live data", () => {
  it("a test token cannot be given audit:read, and one holding it from before is refused the log; a live token reads it", async () => {
    const actor = await actorFor("acme");
    const refused = await createToken(actor, tokenInput({ name: uniqueName("test auditor"), environment: "test", scopes: ["audit:read"] }));
    expect(refused).toMatchObject({ ok: false, code: "invalid" });
    expect(refused.ok === false && refused.fieldErrors?.scopes?.[0]).toMatch(/live workspace's record.*test token cannot read it/);

    // A test token written with the scope before the rule (or by hand): the API refuses it the log all the same.
    const old = await makeToken({ label: "test auditor from before", environment: "test", scopes: ["devices:read"] });
    await db.apiToken.update({ where: { id: old.id }, data: { scopes: "devices:read audit:read" } });
    const res = await api("/api/v1/audit-events?limit=1", { token: old.value });
    const error = await expectError(res, 403, "forbidden");
    expect(error.message).toMatch(/cannot use 'audit:read'.*test token/);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="tollgate", error="insufficient_scope", scope="audit:read"');
    // Its other scopes work, and a live token with the scope reads the log.
    expect((await api("/api/v1/devices?limit=1", { token: old.value })).status).toBe(200);
    const auditor = await makeToken({ label: "live auditor", scopes: ["audit:read"] });
    expect((await api("/api/v1/audit-events?limit=1", { token: auditor.value })).status).toBe(200);
  });
});

describe("test and live environments: a reset at scale", () => {
  it("refuses a fleet one row over its limit and changes nothing; copies one at the limit, and prunes past SQLite's bound parameters", {
    timeout: 180_000,
  }, async () => {
    // A fleet of exactly SANDBOX_RESET_LIMIT + 1 rows: sites, groups, devices, and memberships (one device is in two groups).
    const ws = await freshWorkspace("sandbox-big");
    const owner = await ws.person("owner");
    const [siteCount, groupCount] = [2_000, 2_000];
    const deviceCount = (SANDBOX_RESET_LIMIT - siteCount - groupCount) / 2;
    const live = { workspaceId: ws.id, environment: "live" };
    const sites = Array.from({ length: siteCount }, (_, i) => ({ ...live, id: `${ws.id}-s${i}`, name: `Site ${i}` }));
    const groups = Array.from({ length: groupCount }, (_, i) => ({ ...live, id: `${ws.id}-g${i}`, name: `Group ${i}` }));
    const devices = Array.from({ length: deviceCount }, (_, i) => ({
      ...live,
      id: `${ws.id}-d${i}`,
      serial: `BIG-${i}`,
      name: `Device ${i}`,
      siteId: sites[i % siteCount].id,
    }));
    const members = devices.map((d, i) => ({ deviceId: d.id, groupId: groups[i % groupCount].id }));
    members.push({ deviceId: devices[0].id, groupId: groups[1].id });
    for (const slice of inSlices(sites, 6)) await db.site.createMany({ data: slice });
    for (const slice of inSlices(groups, 6)) await db.deviceGroup.createMany({ data: slice });
    for (const slice of inSlices(devices, 8)) await db.device.createMany({ data: slice });
    for (const slice of inSlices(members, 2)) await db.deviceGroupMember.createMany({ data: slice });
    const sandbox = async () => {
      const test = { workspaceId: ws.id, environment: "test" };
      const [s, g, d, m] = await Promise.all([
        db.site.count({ where: test }),
        db.deviceGroup.count({ where: test }),
        db.device.count({ where: test }),
        db.deviceGroupMember.count({ where: { device: test } }),
      ]);
      return { sites: s, groups: g, devices: d, members: m };
    };

    // The admin's button, one row over: a clear message, the sandbox untouched, no audit event.
    const cookie = await signIn(BASE_URL, owner.email);
    const reset = async () => (await callAction(BASE_URL, cookie, "resetSandboxAction", [ws.slug, {}], { slug: ws.slug })).result;
    const refused = await reset();
    expect(refused).toMatchObject({ ok: false, code: "conflict" });
    expect(refused?.error).toBe(
      `The live fleet has ${(SANDBOX_RESET_LIMIT + 1).toLocaleString("en-US")} sites, groups, devices and group memberships; a sandbox reset copies at most ${SANDBOX_RESET_LIMIT.toLocaleString("en-US")}, so the sandbox was left as it was.`,
    );
    expect(await sandbox()).toEqual({ sites: 0, groups: 0, devices: 0, members: 0 });
    expect(await db.auditEvent.count({ where: { workspaceId: ws.id, action: "workspace.sandbox_reset" } })).toBe(0);

    // At the limit: every row copied, in one audited transaction.
    await db.deviceGroupMember.delete({ where: { deviceId_groupId: { deviceId: devices[0].id, groupId: groups[1].id } } });
    const started = Date.now();
    const copied = await reset();
    console.log(`sandbox reset of ${SANDBOX_RESET_LIMIT} rows on ${provider}: ${Date.now() - started} ms (through the action)`);
    expect(copied).toMatchObject({ ok: true, data: { sites: siteCount, groups: groupCount, devices: deviceCount } });
    expect(await sandbox()).toEqual({ sites: siteCount, groups: groupCount, devices: deviceCount, members: deviceCount });
    const test = await makeToken({ actor: owner.actor, label: "big sandbox", environment: "test", scopes: ["devices:read"] });
    const twin = await expectOk<{ data: DeviceJson }>(await api(`/api/v1/devices/BIG-${deviceCount - 1}`, { token: test.value }));
    expect(twin.data.name).toBe(`Device ${deviceCount - 1}`);

    // Most of the live fleet goes: far more orphans than one statement can name, all removed.
    const gone = { devices: devices.slice(0, deviceCount - 10), sites: sites.slice(0, siteCount - 10), groups: groups.slice(10) };
    for (const slice of inSlices(gone.devices)) await db.device.deleteMany({ where: { id: { in: slice.map((d) => d.id) } } });
    for (const slice of inSlices(gone.sites)) await db.site.deleteMany({ where: { id: { in: slice.map((x) => x.id) } } });
    for (const slice of inSlices(gone.groups)) await db.deviceGroup.deleteMany({ where: { id: { in: slice.map((x) => x.id) } } });
    const left = devices.slice(deviceCount - 10).filter((d) => !gone.sites.some((x) => x.id === d.siteId)).length;
    expect(await reset()).toMatchObject({ ok: true, data: { sites: 10, groups: 10, devices: left } });
    expect(await sandbox()).toMatchObject({ sites: 10, groups: 10, devices: left });
  });
});

describe("test and live environments: replayed cursors, and group and site writes", () => {
  it("a cursor from one environment or workspace, replayed by another's token, is refused with 400", async () => {
    // A cursor names its list, workspace and environment (lib/api/handlers.ts): elsewhere it is not a
    // starting point in other rows but a mistake, said as one.
    const globex = await makeToken({ slug: "globex", label: "globex reader", scopes: ["devices:read", "groups:read"] });
    for (const [from, to] of [
      [live, test],
      [test, live],
      [live, globex],
      [globex, live],
    ]) {
      for (const kind of ["devices", "groups"] as const) {
        const first = await page<IdJson>(`/api/v1/${kind}?limit=2`, from.value);
        expect(first.next_cursor).not.toBeNull();
        // The cursor works for the token it was given to…
        await expectOk(await api(withCursor(`/api/v1/${kind}?limit=2`, first.next_cursor), { token: from.value }));
        // …and is refused to the other one, which learns nothing from it.
        const replayed = await api(withCursor(`/api/v1/${kind}?limit=2`, first.next_cursor), { token: to.value });
        const error = await expectError(replayed, 400, "invalid_request");
        expect(error.details?.cursor).toBeDefined();
      }
    }
  });

  it("a test token renames only sandbox groups and sites, and a live rename never touches the sandbox copy", async () => {
    const scopes = ["groups:read", "groups:write", "sites:read", "sites:write"] as const;
    const liveWriter = await makeToken({ label: "live group writer", scopes: [...scopes] });
    const testWriter = await makeToken({ label: "test group writer", scopes: [...scopes], environment: "test" });
    for (const kind of ["groups", "sites"] as const) {
      const [sandbox] = await walk<IdJson>(`/api/v1/${kind}`, testWriter.value);
      const originalId = await liveOriginal(kind, sandbox.id);
      const original = await expectOk<{ data: IdJson }>(await api(`/api/v1/${kind}/${originalId}`, { token: liveWriter.value }));
      expect(original.data.name).toBe(sandbox.name);
      const sandboxName = uniqueName("Sandbox only");
      const liveName = uniqueName("Live only");
      try {
        // The test token renames its sandbox row; the live original keeps its name.
        const patched = await expectOk<{ data: IdJson }>(
          await patchJson(`/api/v1/${kind}/${sandbox.id}`, testWriter.value, { name: sandboxName }),
        );
        expect(patched.data).toMatchObject({ id: sandbox.id, name: sandboxName });
        expect(await storedName(kind, sandbox.id)).toBe(sandboxName);
        expect(await storedName(kind, originalId)).toBe(original.data.name);
        const liveView = await expectOk<{ data: IdJson }>(await api(`/api/v1/${kind}/${originalId}`, { token: liveWriter.value }));
        expect(liveView.data.name).toBe(original.data.name);

        // Neither token can write the other environment's row: it does not exist for them.
        await expectError(
          await patchJson(`/api/v1/${kind}/${originalId}`, testWriter.value, { name: uniqueName("Crossed") }),
          404,
          "not_found",
        );
        await expectError(
          await patchJson(`/api/v1/${kind}/${sandbox.id}`, liveWriter.value, { name: uniqueName("Crossed") }),
          404,
          "not_found",
        );
        expect(await storedName(kind, originalId)).toBe(original.data.name);
        expect(await storedName(kind, sandbox.id)).toBe(sandboxName);

        // The live token renames the original; the sandbox copy keeps what the test token gave it.
        await expectOk(await patchJson(`/api/v1/${kind}/${originalId}`, liveWriter.value, { name: liveName }));
        expect(await storedName(kind, originalId)).toBe(liveName);
        const sandboxView = await expectOk<{ data: IdJson }>(await api(`/api/v1/${kind}/${sandbox.id}`, { token: testWriter.value }));
        expect(sandboxView.data.name).toBe(sandboxName);
        const sandboxList = await walk<IdJson>(`/api/v1/${kind}`, testWriter.value);
        expect(sandboxList.some((row) => row.name === liveName)).toBe(false);
      } finally {
        await patchJson(`/api/v1/${kind}/${originalId}`, liveWriter.value, { name: original.data.name });
        await resetSandbox(db, acmeId);
      }
      // The reset copies the live name back onto the same sandbox row.
      const restored = await expectOk<{ data: IdJson }>(await api(`/api/v1/${kind}/${sandbox.id}`, { token: testWriter.value }));
      expect(restored.data.name).toBe(original.data.name);
    }
  });
});
