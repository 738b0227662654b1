import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { SCOPES, type Scope } from "@/lib/scopes";
import { allScopesBut, api, expectError, expectOk, makeToken, patchJson } from "./helpers";

// One request per scope, each needing exactly that scope.
let targets: Record<Scope, { method: "GET" | "PATCH"; path: string }>;

beforeAll(async () => {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } });
  const device = await db.device.findFirstOrThrow({ where: { workspaceId: workspace.id, environment: "live" } });
  const group = await db.deviceGroup.findFirstOrThrow({ where: { workspaceId: workspace.id, environment: "live" } });
  const site = await db.site.findFirstOrThrow({ where: { workspaceId: workspace.id, environment: "live" } });
  targets = {
    "devices:read": { method: "GET", path: "/api/v1/devices" },
    "devices:write": { method: "PATCH", path: `/api/v1/devices/${device.serial}` },
    "groups:read": { method: "GET", path: `/api/v1/groups/${group.id}` },
    "groups:write": { method: "PATCH", path: `/api/v1/groups/${group.id}` },
    "sites:read": { method: "GET", path: "/api/v1/sites" },
    "sites:write": { method: "PATCH", path: `/api/v1/sites/${site.id}` },
    "audit:read": { method: "GET", path: "/api/v1/audit-events" },
  };
});

describe("scopes", () => {
  it.each(SCOPES)("a token without %s gets 403 naming it", async (scope) => {
    const token = await makeToken({ label: `no-${scope}`, scopes: allScopesBut(scope) });
    const { method, path } = targets[scope];
    const res = method === "GET" ? await api(path, { token: token.value }) : await patchJson(path, token.value, { name: "Never applied" });
    expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="tollgate", error="insufficient_scope", scope="${scope}"`);
    const error = await expectError(res, 403, "forbidden");
    expect(error.message).toContain(scope);
  });

  it("a read-only token cannot write, and nothing changes", async () => {
    const token = await makeToken({ label: "read-only", scopes: ["devices:read", "groups:read", "sites:read"] });
    for (const scope of ["devices:write", "groups:write", "sites:write"] as const) {
      const { path } = targets[scope];
      const before = await expectOk<{ data: { name: string } }>(await api(path, { token: token.value }));
      await expectError(await patchJson(path, token.value, { name: "Hijacked" }), 403, "forbidden");
      const after = await expectOk<{ data: { name: string } }>(await api(path, { token: token.value }));
      expect(after.data.name).toBe(before.data.name);
    }
  });

  it("a token with only the needed scope succeeds", async () => {
    for (const scope of ["devices:read", "sites:read", "audit:read", "groups:read"] as const) {
      const token = await makeToken({ label: `only-${scope}`, scopes: [scope] });
      await expectOk(await api(targets[scope].path, { token: token.value }));
    }
  });
});
