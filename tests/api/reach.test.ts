import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { api, expectError, expectOk, makeToken, walk, type TestToken } from "./helpers";

// A scoped acme token chooses one device, one group and one site; every
// device reachable through any of them is visible, nothing else is.
let scoped: TestToken;
let globex: TestToken;
let acmeAll: TestToken;
let picked: { deviceSerial: string; groupId: string; siteId: string };
let expectedSerials: string[];
let outOfReach: { serial: string; groupId: string; siteId: string };
let groupMembers: string[];
let siteMember: string;

beforeAll(async () => {
  const acme = await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } });
  const groups = await db.deviceGroup.findMany({ where: { workspaceId: acme.id, environment: "live" }, orderBy: { id: "asc" } });
  const sites = await db.site.findMany({ where: { workspaceId: acme.id, environment: "live" }, orderBy: { id: "asc" } });
  const [group, site] = [groups[0], sites[0]];
  const device = await db.device.findFirstOrThrow({
    where: { workspaceId: acme.id, environment: "live", siteId: { not: site.id }, groups: { none: { groupId: group.id } } },
  });
  picked = { deviceSerial: device.serial, groupId: group.id, siteId: site.id };
  const reachable = await db.device.findMany({
    where: {
      workspaceId: acme.id,
      environment: "live",
      OR: [{ id: device.id }, { siteId: site.id }, { groups: { some: { groupId: group.id } } }],
    },
    select: { serial: true },
  });
  expectedSerials = reachable.map((d) => d.serial).sort();
  const unreachable = await db.device.findFirstOrThrow({
    where: { workspaceId: acme.id, environment: "live", serial: { notIn: expectedSerials } },
  });
  outOfReach = { serial: unreachable.serial, groupId: groups[1].id, siteId: sites[1].id };
  const members = await db.deviceGroupMember.findMany({ where: { groupId: group.id }, select: { device: { select: { serial: true } } } });
  groupMembers = members.map((m) => m.device.serial).sort();
  siteMember = (await db.device.findFirstOrThrow({ where: { siteId: site.id } })).serial;

  scoped = await makeToken({ label: "scoped", allResources: false, deviceIds: [device.id], groupIds: [group.id], siteIds: [site.id] });
  globex = await makeToken({ slug: "globex", label: "globex" });
  acmeAll = await makeToken({ label: "acme-all" });
});

const get = (path: string, token: TestToken) => api(path, { token: token.value });

describe("a scoped token", () => {
  it("lists exactly the devices it reaches", async () => {
    const serials = (await walk<{ serial: string }>("/api/v1/devices", scoped.value, 7)).map((d) => d.serial);
    expect(serials).toEqual(expectedSerials);
    expect(serials).toContain(picked.deviceSerial);
    expect(serials).not.toContain(outOfReach.serial);
  });

  it("reads a device reached directly, by group and by site", async () => {
    for (const serial of [picked.deviceSerial, groupMembers[0], siteMember]) {
      const { data } = await expectOk<{ data: Record<string, unknown> }>(await get(`/api/v1/devices/${serial}`, scoped));
      expect(Object.keys(data).sort()).toEqual(["created_at", "environment", "group_ids", "name", "serial", "site_id", "updated_at"]);
      expect(data.serial).toBe(serial);
    }
  });

  // Everything but the request id, which differs per response anyway.
  const sameBut = ({ request_id: _id, ...rest }: { request_id: string }) => rest;

  it("gets the same 404 for a device out of reach as for one that does not exist", async () => {
    const hidden = await expectError(await get(`/api/v1/devices/${outOfReach.serial}`, scoped), 404, "not_found");
    const missing = await expectError(await get("/api/v1/devices/ACM-0000", scoped), 404, "not_found");
    expect(sameBut(hidden)).toEqual(sameBut(missing));
  });

  it("lists and reads only the chosen group, with all its device serials", async () => {
    const groups = await walk<{ id: string }>("/api/v1/groups", scoped.value);
    expect(groups.map((g) => g.id)).toEqual([picked.groupId]);
    const { data } = await expectOk<{ data: { device_serials: string[]; device_count: number } }>(
      await get(`/api/v1/groups/${picked.groupId}`, scoped),
    );
    expect(data.device_serials).toEqual(groupMembers);
    expect(data.device_count).toBe(groupMembers.length);
    const hidden = await expectError(await get(`/api/v1/groups/${outOfReach.groupId}`, scoped), 404, "not_found");
    const missing = await expectError(await get("/api/v1/groups/cnotagroup000", scoped), 404, "not_found");
    expect(sameBut(hidden)).toEqual(sameBut(missing));
  });

  it("lists and reads only the chosen site", async () => {
    const sites = await walk<{ id: string }>("/api/v1/sites", scoped.value);
    expect(sites.map((s) => s.id)).toEqual([picked.siteId]);
    await expectOk(await get(`/api/v1/sites/${picked.siteId}`, scoped));
    const hidden = await expectError(await get(`/api/v1/sites/${outOfReach.siteId}`, scoped), 404, "not_found");
    const missing = await expectError(await get("/api/v1/sites/cnotasite0000", scoped), 404, "not_found");
    expect(sameBut(hidden)).toEqual(sameBut(missing));
  });
});

describe("workspaces are separate", () => {
  it("a globex token lists only globex resources", async () => {
    const globexWs = await db.workspace.findUniqueOrThrow({ where: { slug: "globex" } });
    const serials = (await walk<{ serial: string }>("/api/v1/devices", globex.value)).map((d) => d.serial);
    expect(serials.length).toBe(await db.device.count({ where: { workspaceId: globexWs.id, environment: "live" } }));
    expect(serials.every((s) => s.startsWith("GLX-"))).toBe(true);
    const groups = await walk<{ id: string }>("/api/v1/groups", globex.value);
    const globexGroups = await db.deviceGroup.findMany({ where: { workspaceId: globexWs.id, environment: "live" }, select: { id: true } });
    expect(groups.map((g) => g.id).sort()).toEqual(globexGroups.map((g) => g.id).sort());
    const sites = await walk<{ id: string }>("/api/v1/sites", globex.value);
    expect(sites.length).toBe(await db.site.count({ where: { workspaceId: globexWs.id, environment: "live" } }));
  });

  it("a globex token cannot read acme resources", async () => {
    await expectError(await get(`/api/v1/devices/${picked.deviceSerial}`, globex), 404, "not_found");
    await expectError(await get(`/api/v1/groups/${picked.groupId}`, globex), 404, "not_found");
    await expectError(await get(`/api/v1/sites/${picked.siteId}`, globex), 404, "not_found");
  });

  it("an acme token with all resources cannot read globex devices", async () => {
    await expectOk(await get(`/api/v1/devices/${picked.deviceSerial}`, acmeAll));
    await expectError(await get("/api/v1/devices/GLX-1001", acmeAll), 404, "not_found");
  });

  it("audit events are only the token's workspace's", async () => {
    const events = await walk<{ id: string; token_id: string }>("/api/v1/audit-events", globex.value);
    expect(events.map((e) => e.token_id)).toContain(globex.id);
    const globexWs = await db.workspace.findUniqueOrThrow({ where: { slug: "globex" } });
    const foreign = await db.auditEvent.count({ where: { id: { in: events.map((e) => e.id) }, workspaceId: { not: globexWs.id } } });
    expect(foreign).toBe(0);
  });
});
