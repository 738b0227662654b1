import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { api, expectOk, makeToken } from "./helpers";

describe("GET /api/v1/token", () => {
  it("describes an all-resources token without any scope", async () => {
    const token = await makeToken({ label: "introspect", scopes: [] });
    const workspace = await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } });
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    const { data } = await expectOk<{ data: Record<string, unknown> }>(await api("/api/v1/token", { token: token.value }));
    expect(data).toEqual({
      id: token.id,
      name: token.name,
      type: "workspace",
      environment: "live",
      workspace: { id: workspace.id, name: workspace.name },
      scopes: [],
      access: { type: "all" },
      expires_at: null,
      created_at: row.createdAt.toISOString(),
      // The current value, not an old one in a rotation overlap.
      old_value_expires_at: null,
      // No limit of its own: the server default.
      rate_limit: { requests_per_minute: 1000 },
    });
    expect(JSON.stringify(data)).not.toContain(token.value);
  });

  it("lists what a scoped token can reach: device serials, group and site ids", async () => {
    const workspace = await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } });
    const device = await db.device.findFirstOrThrow({
      where: { workspaceId: workspace.id, environment: "live" },
      orderBy: { serial: "asc" },
    });
    const group = await db.deviceGroup.findFirstOrThrow({ where: { workspaceId: workspace.id, environment: "live" } });
    const site = await db.site.findFirstOrThrow({ where: { workspaceId: workspace.id, environment: "live" } });
    const expiresAt = new Date(Date.now() + 3 * 86_400_000);
    const token = await makeToken({
      label: "introspect-scoped",
      scopes: ["devices:read", "sites:read"],
      allResources: false,
      deviceIds: [device.id],
      groupIds: [group.id],
      siteIds: [site.id],
      expiresAt,
    });
    const { data } = await expectOk<{ data: Record<string, unknown> }>(await api("/api/v1/token", { token: token.value }));
    expect(data.scopes).toEqual(["devices:read", "sites:read"]);
    expect(data.access).toEqual({ type: "scoped", devices: [device.serial], groups: [group.id], sites: [site.id] });
    expect(data.expires_at).toBe(expiresAt.toISOString());
  });
});
