import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { api, expectError, expectOk, makeToken, walk, type TestToken } from "./helpers";

type Page<T> = { data: T[]; next_cursor: string | null };
let token: TestToken;
let acmeId: string;

beforeAll(async () => {
  token = await makeToken({ label: "pages" });
  acmeId = (await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } })).id;
});

describe("pagination", () => {
  it("defaults to 50 and walks every device once, in serial order", async () => {
    const total = await db.device.count({ where: { workspaceId: acmeId, environment: "live" } });
    const first = await expectOk<Page<{ serial: string }>>(await api("/api/v1/devices", { token: token.value }));
    expect(first.data.length).toBe(Math.min(50, total));
    const byTen = (await walk<{ serial: string }>("/api/v1/devices", token.value, 10)).map((d) => d.serial);
    expect(byTen.length).toBe(total);
    expect(new Set(byTen).size).toBe(total);
    expect([...byTen].sort()).toEqual(byTen);
    expect((await walk<{ serial: string }>("/api/v1/devices", token.value, 100)).map((d) => d.serial)).toEqual(byTen);
  });

  it("honours limit and ends with next_cursor null", async () => {
    const page = await expectOk<Page<unknown>>(await api("/api/v1/sites?limit=1", { token: token.value }));
    expect(page.data.length).toBe(1);
    expect(typeof page.next_cursor).toBe("string");
    const groups = await walk<{ id: string }>("/api/v1/groups", token.value, 1);
    expect(groups.length).toBe(await db.deviceGroup.count({ where: { workspaceId: acmeId, environment: "live" } }));
    const all = await expectOk<Page<unknown>>(await api("/api/v1/groups?limit=100", { token: token.value }));
    expect(all.next_cursor).toBeNull();
  });

  it.each(["0", "101", "-5", "ten", "2.5"])("refuses limit=%s with details", async (limit) => {
    const error = await expectError(await api(`/api/v1/devices?limit=${limit}`, { token: token.value }), 400, "invalid_request");
    expect(error.details?.limit?.length).toBe(1);
  });

  it("refuses a tampered or foreign cursor", async () => {
    const page = await expectOk<Page<unknown>>(await api("/api/v1/devices?limit=2", { token: token.value }));
    const cursor = page.next_cursor!;
    const audit = await expectOk<Page<unknown>>(await api("/api/v1/audit-events?limit=1", { token: token.value }));
    const forged = Buffer.from('{"serial":"ACM-1001"}').toString("base64url");
    for (const bad of [`${cursor}x`, cursor.slice(1), "%%%", forged, audit.next_cursor!]) {
      const res = await api(`/api/v1/devices?cursor=${encodeURIComponent(bad)}`, { token: token.value });
      const error = await expectError(res, 400, "invalid_request");
      expect(error.details?.cursor?.length).toBe(1);
    }
    const wrongArity = await api(`/api/v1/audit-events?cursor=${cursor}`, { token: token.value });
    await expectError(wrongArity, 400, "invalid_request");
  });

  it("binds a cursor to its list: a groups cursor is refused by sites, and an edited key by its own list", async () => {
    const groups = await expectOk<Page<unknown>>(await api("/api/v1/groups?limit=1", { token: token.value }));
    await expectError(await api(`/api/v1/sites?cursor=${groups.next_cursor}`, { token: token.value }), 400, "invalid_request");
    const [payload, signature] = groups.next_cursor!.split(".");
    const keys = JSON.parse(Buffer.from(payload, "base64url").toString()) as string[];
    const edited = `${Buffer.from(JSON.stringify([keys[0], "zzzz"])).toString("base64url")}.${signature}`;
    await expectError(await api(`/api/v1/groups?cursor=${edited}`, { token: token.value }), 400, "invalid_request");
  });

  it("refuses query parameters an operation does not take, naming them", async () => {
    const site = await db.site.findFirstOrThrow({ where: { workspaceId: acmeId, environment: "live" } });
    const list = await expectError(await api(`/api/v1/devices?site_id=${site.id}`, { token: token.value }), 400, "invalid_request");
    expect(Object.keys(list.details ?? {})).toEqual(["site_id"]);
    const one = await expectError(await api("/api/v1/token?verbose=1", { token: token.value }), 400, "invalid_request");
    expect(Object.keys(one.details ?? {})).toEqual(["verbose"]);
  });

  it("lists audit events newest first with their fields", async () => {
    const fresh = await makeToken({ label: "audited" });
    const events = await walk<Record<string, string | null>>("/api/v1/audit-events", token.value, 25);
    // The API lists token events; events about people and API writes stay in the app.
    expect(events.length).toBe(await db.auditEvent.count({ where: { workspaceId: acmeId, action: { startsWith: "token." } } }));
    const times = events.map((e) => Date.parse(e.created_at!));
    expect(times.every((t, i) => i === 0 || t <= times[i - 1])).toBe(true);
    const created = events.find((e) => e.token_id === fresh.id);
    expect(created).toMatchObject({ action: "token.created", token_name: fresh.name, actor_email: "admin@acme.test", ip: "127.0.0.1" });
    expect(Object.keys(created!).sort()).toEqual(
      ["action", "actor_email", "created_at", "id", "ip", "token_id", "token_name", "user_agent"].sort(),
    );
  });
});
