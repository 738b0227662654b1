import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { api, expectError, expectOk, makeToken, patchJson, type TestToken } from "./helpers";

// Every rename is undone in a finally so later suites see the seeded names.
let acme: { id: string };
let writer: TestToken;
let scoped: TestToken;
let globex: TestToken;
let device: { id: string; serial: string; name: string; siteId: string };
let hiddenDevice: { serial: string; name: string };
let group: { id: string; name: string };
let site: { id: string; name: string };

beforeAll(async () => {
  acme = await db.workspace.findUniqueOrThrow({ where: { slug: "acme" }, select: { id: true } });
  device = await db.device.findFirstOrThrow({ where: { workspaceId: acme.id, environment: "live" }, orderBy: { serial: "desc" } });
  hiddenDevice = await db.device.findFirstOrThrow({
    where: { workspaceId: acme.id, environment: "live", id: { not: device.id }, siteId: { not: device.siteId } },
  });
  group = await db.deviceGroup.findFirstOrThrow({ where: { workspaceId: acme.id, environment: "live" }, orderBy: { id: "desc" } });
  site = await db.site.findFirstOrThrow({ where: { workspaceId: acme.id, environment: "live" }, orderBy: { id: "desc" } });
  writer = await makeToken({ label: "writer", scopes: ["devices:read", "devices:write", "groups:write", "sites:write"] });
  scoped = await makeToken({ label: "scoped-writer", scopes: ["devices:write"], allResources: false, deviceIds: [device.id] });
  globex = await makeToken({ slug: "globex", label: "globex-writer" });
});

const currentName = async (serial: string) =>
  (await db.device.findFirstOrThrow({ where: { workspaceId: acme.id, environment: "live", serial } })).name;

describe("PATCH renames", () => {
  it("renames a device, trimming the name, and returns it", async () => {
    try {
      const res = await patchJson(`/api/v1/devices/${device.serial}`, writer.value, { name: "  Renamed dock 7  " });
      const { data } = await expectOk<{ data: { serial: string; name: string } }>(res);
      expect(data).toMatchObject({ serial: device.serial, name: "Renamed dock 7" });
      expect(await currentName(device.serial)).toBe("Renamed dock 7");
    } finally {
      await db.device.update({ where: { id: device.id }, data: { name: device.name } });
    }
  });

  it("renames a group and a site", async () => {
    try {
      const g = await expectOk<{ data: { name: string; device_serials: string[] } }>(
        await patchJson(`/api/v1/groups/${group.id}`, writer.value, { name: "Renamed group" }),
      );
      expect(g.data.name).toBe("Renamed group");
      expect(Array.isArray(g.data.device_serials)).toBe(true);
      const s = await expectOk<{ data: { name: string } }>(
        await patchJson(`/api/v1/sites/${site.id}`, writer.value, { name: "Renamed site" }),
      );
      expect(s.data.name).toBe("Renamed site");
      expect((await db.site.findUniqueOrThrow({ where: { id: site.id } })).name).toBe("Renamed site");
    } finally {
      await db.deviceGroup.update({ where: { id: group.id }, data: { name: group.name } });
      await db.site.update({ where: { id: site.id }, data: { name: site.name } });
    }
  });

  it("a scoped writer renames what it reaches and gets 404 for the rest", async () => {
    try {
      await expectOk(await patchJson(`/api/v1/devices/${device.serial}`, scoped.value, { name: "Scoped rename" }));
      await expectError(await patchJson(`/api/v1/devices/${hiddenDevice.serial}`, scoped.value, { name: "Nope" }), 404, "not_found");
      expect(await currentName(hiddenDevice.serial)).toBe(hiddenDevice.name);
    } finally {
      await db.device.update({ where: { id: device.id }, data: { name: device.name } });
    }
  });

  it("another workspace's token cannot rename acme resources", async () => {
    await expectError(await patchJson(`/api/v1/devices/${device.serial}`, globex.value, { name: "Globex was here" }), 404, "not_found");
    await expectError(await patchJson(`/api/v1/groups/${group.id}`, globex.value, { name: "Globex was here" }), 404, "not_found");
    await expectError(await patchJson(`/api/v1/sites/${site.id}`, globex.value, { name: "Globex was here" }), 404, "not_found");
    expect(await currentName(device.serial)).toBe(device.name);
    expect((await db.deviceGroup.findUniqueOrThrow({ where: { id: group.id } })).name).toBe(group.name);
    expect((await db.site.findUniqueOrThrow({ where: { id: site.id } })).name).toBe(site.name);
  });

  it.each([
    ["bad JSON", "application/json", '{"name": ', "body", 400, "invalid_request"],
    ["the wrong content type", "text/plain", '{"name":"Fine"}', "content-type", 415, "unsupported_media_type"],
    ["no name", "application/json", "{}", "name", 400, "invalid_request"],
    ["an empty name", "application/json", '{"name":"   "}', "name", 400, "invalid_request"],
    ["a name over 64 characters", "application/json", JSON.stringify({ name: "x".repeat(65) }), "name", 400, "invalid_request"],
    ["a control character", "application/json", JSON.stringify({ name: "Dock\u0000 7" }), "name", 400, "invalid_request"],
    ["a bidi override", "application/json", JSON.stringify({ name: "Dock \u202E7" }), "name", 400, "invalid_request"],
    ["a name that is not a string", "application/json", '{"name":["a"]}', "name", 400, "invalid_request"],
    ["a body over 16 KB", "application/json", JSON.stringify({ name: "Fine", pad: "x".repeat(17_000) }), "body", 413, "content_too_large"],
  ])("refuses %s with details and changes nothing", async (_label, type, body, field, status, code) => {
    const res = await api(`/api/v1/devices/${device.serial}`, {
      token: writer.value,
      method: "PATCH",
      headers: { "content-type": type },
      body,
    });
    const error = await expectError(res, status, code);
    // A wrong media type names the one this operation accepts (RFC 9110 §15.5.16).
    if (status === 415) expect(res.headers.get("accept-patch")).toBe("application/json");
    expect(error.details?.[field]?.length).toBeGreaterThan(0);
    expect(await currentName(device.serial)).toBe(device.name);
  });
});

describe("API writes are audited", () => {
  it("a rename through the API is an audit event with the token as actor, committed with the write", async () => {
    const before = await currentName(device.serial);
    const renamed = `Audited ${Date.now()}`;
    try {
      const res = await patchJson(`/api/v1/devices/${device.serial}`, writer.value, { name: renamed });
      await expectOk(res);
      const event = await db.auditEvent.findFirstOrThrow({
        where: { workspaceId: acme.id, action: "device.renamed", tokenId: writer.id },
        orderBy: { createdAt: "desc" },
      });
      expect(event).toMatchObject({ actorId: null, actorEmail: "API token", tokenName: writer.name, ip: "127.0.0.1" });
      expect(event.detail).toBe(`(${device.serial}: “${before}” → “${renamed}”)`);
      // A refused write leaves no event.
      const count = await db.auditEvent.count({ where: { action: "device.renamed", tokenId: scoped.id } });
      await expectError(await patchJson(`/api/v1/devices/${hiddenDevice.serial}`, scoped.value, { name: "x" }), 404, "not_found");
      expect(await db.auditEvent.count({ where: { action: "device.renamed", tokenId: scoped.id } })).toBe(count);
    } finally {
      await patchJson(`/api/v1/devices/${device.serial}`, writer.value, { name: before });
    }
  });
});
