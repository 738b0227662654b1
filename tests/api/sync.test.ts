// Incremental sync (issue 26, contract item 7): devices, groups and sites carry
// environment and updated_at, and their lists take ?updated_since= so an
// integration re-reads only what changed. Runs in a workspace of its own, so
// renames by tests beside it cannot show up in its windows.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { copyLiveToSandbox } from "@/lib/workspaces/sandbox";
import { freshWorkspace } from "../support/factories";
import { api, expectError, expectOk, makeToken, patchJson, type TestToken } from "./helpers";

type Item = { name: string; environment: string; created_at: string; updated_at: string };
type Page<T> = { data: T[]; next_cursor: string | null };

let token: TestToken;
let testToken: TestToken;
let serials: string[];
let groupId: string;
let workspaceId: string;
let siteId: string;

const list = async <T = Item & { serial: string }>(path: string, value = token.value) =>
  expectOk<Page<T>>(await api(path, { token: value }));
const since = (at: Date) => `updated_since=${encodeURIComponent(at.toISOString())}`;
/** The same instant written with a UTC offset of `hours` (e.g. 2026-12-01T12:00:00.000+02:00). */
const inZone = (at: Date, hours: number) => {
  const local = new Date(at.getTime() + hours * 3_600_000).toISOString().slice(0, 23);
  const sign = hours < 0 ? "-" : "+";
  return `${local}${sign}${String(Math.abs(hours)).padStart(2, "0")}:00`;
};
const tick = () => new Promise((r) => setTimeout(r, 20));

beforeAll(async () => {
  const ws = await freshWorkspace("sync");
  workspaceId = ws.id;
  const owner = await ws.person("owner");
  const site = await db.site.create({ data: { workspaceId: ws.id, name: "Sync yard" } });
  const group = await db.deviceGroup.create({ data: { workspaceId: ws.id, name: "Sync fleet" } });
  siteId = site.id;
  groupId = group.id;
  serials = ["SYN-001", "SYN-002", "SYN-003", "SYN-004"];
  for (const serial of serials) {
    await db.device.create({
      data: { workspaceId: ws.id, serial, name: `Robot ${serial}`, siteId, groups: { create: { groupId } } },
    });
  }
  // One sandbox device with the same serial: a live token must never see it, and it says "test".
  const sandboxSite = await db.site.create({ data: { workspaceId: ws.id, environment: "test", name: "Sandbox yard" } });
  await db.device.create({
    data: { workspaceId: ws.id, environment: "test", serial: "SYN-001", name: "Sandbox robot", siteId: sandboxSite.id },
  });
  token = await makeToken({ actor: owner.actor, label: "sync" });
  testToken = await makeToken({ actor: owner.actor, label: "sync sandbox", environment: "test" });
});

describe("objects say which environment they belong to and when they last changed", () => {
  it("devices, groups and sites carry environment and updated_at, in single reads and lists", async () => {
    const devices = await list("/api/v1/devices");
    expect(devices.data.map((d) => d.serial)).toEqual(serials);
    for (const d of devices.data) {
      expect(d.environment).toBe("live");
      expect(Date.parse(d.updated_at)).toBeGreaterThanOrEqual(Date.parse(d.created_at));
    }
    const [group] = (await list<Item & { id: string }>("/api/v1/groups")).data;
    const [site] = (await list<Item & { id: string }>("/api/v1/sites")).data;
    expect(group).toMatchObject({ id: groupId, environment: "live" });
    expect(site).toMatchObject({ id: siteId, environment: "live" });
    const one = await expectOk<{ data: Item }>(await api(`/api/v1/devices/${serials[0]}`, { token: token.value }));
    expect(one.data).toMatchObject({ environment: "live", updated_at: devices.data[0].updated_at });

    // The Date header a client keeps for its next walk (the docs tell it to).
    const dated = await api("/api/v1/devices?limit=1", { token: token.value });
    expect(Math.abs(Date.parse(dated.headers.get("date") ?? "") - Date.now())).toBeLessThan(5_000);
    await dated.arrayBuffer();

    const sandbox = await list("/api/v1/devices", testToken.value);
    expect(sandbox.data.map((d) => [d.serial, d.name, d.environment])).toEqual([["SYN-001", "Sandbox robot", "test"]]);
  });

  it("a rename moves updated_at forward and nothing else's", async () => {
    const before = (await list("/api/v1/devices")).data;
    await tick();
    const res = await patchJson(`/api/v1/devices/${serials[1]}`, token.value, { name: "Renamed once" });
    const renamed = (await expectOk<{ data: Item }>(res)).data;
    expect(Date.parse(renamed.updated_at)).toBeGreaterThan(Date.parse(before[1].updated_at));
    expect(renamed.created_at).toBe(before[1].created_at);
    const after = (await list("/api/v1/devices")).data;
    expect(after[1].updated_at).toBe(renamed.updated_at);
    for (const i of [0, 2, 3]) expect(after[i].updated_at).toBe(before[i].updated_at);

    for (const [path, body] of [
      [`/api/v1/groups/${groupId}`, { name: "Sync fleet B" }],
      [`/api/v1/sites/${siteId}`, { name: "Sync yard B" }],
    ] as const) {
      const old = (await expectOk<{ data: Item }>(await api(path, { token: token.value }))).data;
      await tick();
      const changed = (await expectOk<{ data: Item }>(await patchJson(path, token.value, body))).data;
      expect(Date.parse(changed.updated_at)).toBeGreaterThan(Date.parse(old.updated_at));
    }
  });
});

describe("?updated_since=", () => {
  it("returns only what changed at or after the time, walked a page at a time, bound to its cursor", async () => {
    await tick();
    const mark = new Date();
    await tick();
    for (const serial of [serials[0], serials[3]]) {
      await expectOk(await patchJson(`/api/v1/devices/${serial}`, token.value, { name: `Changed ${serial}` }));
    }
    const changed = await list(`/api/v1/devices?${since(mark)}`);
    expect(changed.data.map((d) => d.serial)).toEqual([serials[0], serials[3]]);
    expect(changed.next_cursor).toBeNull();

    // A page at a time: the cursor carries the filter, and sending it with another time is refused.
    const first = await list(`/api/v1/devices?${since(mark)}&limit=1`);
    expect(first.data.map((d) => d.serial)).toEqual([serials[0]]);
    const cursor = encodeURIComponent(first.next_cursor!);
    const second = await list(`/api/v1/devices?${since(mark)}&limit=1&cursor=${cursor}`);
    expect(second.data.map((d) => d.serial)).toEqual([serials[3]]);
    for (const other of [`${since(new Date(mark.getTime() - 60_000))}&`, ""]) {
      const res = await api(`/api/v1/devices?${other}limit=1&cursor=${cursor}`, { token: token.value });
      expect((await expectError(res, 400, "invalid_request")).details?.cursor?.length).toBe(1);
    }

    // A time in another zone means the same instant; a time after every change returns nothing.
    for (const shifted of [mark.toISOString().replace("Z", "+00:00"), inZone(mark, 2), inZone(mark, -5)]) {
      expect((await list(`/api/v1/devices?updated_since=${encodeURIComponent(shifted)}`)).data).toHaveLength(2);
    }
    expect((await list(`/api/v1/devices?${since(new Date(Date.now() + 60_000))}`)).data).toEqual([]);
    // Groups and sites take it too; nothing of theirs changed after the mark.
    expect((await list(`/api/v1/groups?${since(mark)}`)).data).toEqual([]);
    expect((await list(`/api/v1/sites?${since(mark)}`)).data).toEqual([]);
    expect((await list(`/api/v1/sites?${since(new Date(0))}`)).data).toHaveLength(1);
  });

  it.each([
    ["a date without a time", "2026-12-01"],
    ["a time without a zone", "2026-12-01T10:00:00"],
    ["not a date", "yesterday"],
    ["an impossible date", "2026-02-30T10:00:00Z"],
  ])("refuses %s, naming updated_since", async (_label, value) => {
    const res = await api(`/api/v1/devices?updated_since=${encodeURIComponent(value)}`, { token: token.value });
    expect((await expectError(res, 400, "invalid_request")).details?.updated_since?.length).toBe(1);
  });

  it("is refused where it means nothing: the token endpoint and the audit log", async () => {
    for (const path of ["/api/v1/token", "/api/v1/audit-events"]) {
      const res = await api(`${path}?updated_since=2026-12-01T00:00:00Z`, { token: token.value });
      expect((await expectError(res, 400, "invalid_request")).details?.updated_since?.length).toBe(1);
    }
  });
});

describe("a sandbox reset", () => {
  it("counts every sandbox row as changed, since a reset changes what rows report (group_ids, device_count) without renaming them", async () => {
    await tick();
    const mark = new Date();
    await tick();
    await db.$transaction((tx) => copyLiveToSandbox(tx, workspaceId));
    const devices = await list(`/api/v1/devices?${since(mark)}`, testToken.value);
    expect(devices.data.map((d) => [d.serial, d.environment])).toEqual(serials.map((s) => [s, "test"]));
    expect((await list(`/api/v1/groups?${since(mark)}`, testToken.value)).data).toHaveLength(1);
    expect((await list(`/api/v1/sites?${since(mark)}`, testToken.value)).data).toHaveLength(1);
    // Live rows are untouched by it.
    expect((await list(`/api/v1/devices?${since(mark)}`)).data).toEqual([]);
  });
});
