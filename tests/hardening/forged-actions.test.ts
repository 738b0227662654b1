import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetSandbox } from "@/lib/workspaces/sandbox";
import { callAction, signIn, type ActionResponse } from "../support/actions";
import { freshUser, uniqueName } from "../support/factories";
import { BASE_URL } from "../support/servers";

const TOKEN_RE = /tg_live_[0-9A-Za-z]{33}/;
let acmeToken: { id: string; name: string };
let globexGroupId: string;
let admin: string;

async function snapshot() {
  const tokens = await db.apiToken.findMany({ orderBy: { id: "asc" }, omit: { hash: false } });
  const events = await db.auditEvent.count();
  return JSON.stringify({ tokens, events });
}

function expectRefused(response: ActionResponse, code: string) {
  expect(response.result?.ok).toBe(false);
  expect(response.result?.code).toBe(code);
  expect(response.text).not.toMatch(TOKEN_RE);
}

beforeAll(async () => {
  admin = await signIn(BASE_URL, "admin@acme.test");
  const created = await callAction(BASE_URL, admin, "createTokenAction", [
    "acme",
    { name: uniqueName("Forgery target"), expiry: "7d", scopes: ["devices:read"], access: "all" },
  ]);
  acmeToken = created.result!.data as { id: string; name: string };
  const globex = await db.workspace.findUniqueOrThrow({ where: { slug: "globex" } });
  globexGroupId = (await db.deviceGroup.findFirstOrThrow({ where: { workspaceId: globex.id, environment: "live" } })).id;
});
afterAll(() => db.$disconnect());

/** The actions added with the lifetime policy and editable tokens, with arguments aimed at Acme's token. */
const laterActions = (slug: string, tokenId: string) =>
  [
    ["capTokenExpiryAction", [slug, { tokenId, version: 1 }]],
    ["updateTokenAction", [slug, { tokenId, version: 1, name: uniqueName("Forged rename"), description: "", ipAllowlist: "" }]],
    ["setLifetimePolicyAction", [slug, { maxDays: 30 }]],
  ] as const;

const createArgs = (slug: string, extra: Record<string, unknown> = {}) => [
  slug,
  { name: uniqueName("Forged"), expiry: "7d", scopes: ["devices:read"], access: "all", ...extra },
];

describe("forged server-action calls change nothing and leak nothing", () => {
  it("a signed-out visitor", async () => {
    const before = await snapshot();
    expectRefused(await callAction(BASE_URL, null, "createTokenAction", createArgs("acme")), "unauthenticated");
    expectRefused(
      await callAction(BASE_URL, null, "deleteTokenAction", ["acme", { tokenId: acmeToken.id, version: 1 }]),
      "unauthenticated",
    );
    for (const [name, args] of laterActions("acme", acmeToken.id)) {
      expectRefused(await callAction(BASE_URL, null, name, [...args]), "unauthenticated");
    }
    expect(await snapshot()).toBe(before);
  });

  it("a member", async () => {
    const member = await signIn(BASE_URL, "member@acme.test");
    const before = await snapshot();
    expectRefused(await callAction(BASE_URL, member, "createTokenAction", createArgs("acme")), "forbidden");
    expectRefused(
      await callAction(BASE_URL, member, "regenerateTokenAction", ["acme", { tokenId: acmeToken.id, version: 1, expiry: "7d" }]),
      "forbidden",
    );
    expectRefused(await callAction(BASE_URL, member, "deleteTokenAction", ["acme", { tokenId: acmeToken.id, version: 1 }]), "forbidden");
    expectRefused(await callAction(BASE_URL, member, "searchResourcesAction", ["acme", { kind: "devices", query: "" }]), "forbidden");
    for (const [name, args] of laterActions("acme", acmeToken.id)) {
      expectRefused(await callAction(BASE_URL, member, name, [...args]), "forbidden");
    }
    expect(await snapshot()).toBe(before);
    expect((await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } })).maxTokenLifetimeDays).toBeNull();
  });

  it("a deactivated admin whose cookie is still valid", async () => {
    const user = await freshUser("admin");
    const cookie = await signIn(BASE_URL, user.email);
    await db.user.update({ where: { id: user.id }, data: { active: false } });
    const before = await snapshot();
    expectRefused(await callAction(BASE_URL, cookie, "createTokenAction", createArgs("acme")), "unauthenticated");
    expectRefused(
      await callAction(BASE_URL, cookie, "deleteTokenAction", ["acme", { tokenId: acmeToken.id, version: 1 }]),
      "unauthenticated",
    );
    expect(await snapshot()).toBe(before);
  });

  it("an admin of the other workspace", async () => {
    const globexAdmin = await signIn(BASE_URL, "admin@globex.test");
    const before = await snapshot();
    expectRefused(await callAction(BASE_URL, globexAdmin, "createTokenAction", createArgs("acme")), "forbidden");
    expectRefused(
      await callAction(BASE_URL, globexAdmin, "deleteTokenAction", ["acme", { tokenId: acmeToken.id, version: 1 }]),
      "forbidden",
    );
    // Its own workspace in the URL, Acme's token id in the body.
    const crossed = await callAction(BASE_URL, globexAdmin, "deleteTokenAction", ["globex", { tokenId: acmeToken.id, version: 1 }], {
      slug: "globex",
    });
    expectRefused(crossed, "not_found");
    const regen = await callAction(
      BASE_URL,
      globexAdmin,
      "regenerateTokenAction",
      ["globex", { tokenId: acmeToken.id, version: 1, expiry: "7d" }],
      { slug: "globex" },
    );
    expectRefused(regen, "not_found");
    for (const [name, args] of laterActions("acme", acmeToken.id)) {
      expectRefused(await callAction(BASE_URL, globexAdmin, name, [...args]), "forbidden");
    }
    // Its own workspace in the URL, Acme's token id in the body: not found, nothing changed.
    for (const [name, args] of laterActions("globex", acmeToken.id).slice(0, 2)) {
      expectRefused(
        await callAction(BASE_URL, globexAdmin, name, [...args], { slug: "globex" }),
        name === "capTokenExpiryAction" ? "invalid" : "not_found",
      );
    }
    expect(await snapshot()).toBe(before);
  });

  it("an admin passing another workspace's resource ids", async () => {
    const before = await snapshot();
    const response = await callAction(
      BASE_URL,
      admin,
      "createTokenAction",
      createArgs("acme", { access: "scoped", groupIds: [globexGroupId] }),
    );
    expectRefused(response, "invalid");
    expect(response.result?.fieldErrors?.groupIds?.[0]).toMatch(/do not exist in this workspace/);
    expect(await snapshot()).toBe(before);
  });

  it("a cross-origin post is refused before it reaches the action", async () => {
    const before = await snapshot();
    const response = await callAction(BASE_URL, admin, "deleteTokenAction", ["acme", { tokenId: acmeToken.id, version: 1 }], {
      origin: "http://evil.example",
    });
    expect(response.status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  it("hostile input to a real admin's action gets field errors and writes nothing", async () => {
    const before = await snapshot();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: "" }, "name"],
      [{ name: "x".repeat(65) }, "name"],
      [{ name: "\u202Eevil" }, "name"],
      [{ name: "   " }, "name"],
      [{ scopes: [] }, "scopes"],
      [{ scopes: ["root:all"] }, "scopes"],
      [{ scopes: ["devices:read", "devices:read"] }, "scopes"],
      [{ expiry: "custom", customExpiry: "1999-01-01" }, "customExpiry"],
      [{ expiry: "custom", customExpiry: "not-a-date" }, "customExpiry"],
      [{ expiry: "custom", customExpiry: "9999-12-31" }, "customExpiry"],
      [{ access: "scoped", deviceIds: ["nope"] }, "deviceIds"],
      [{ access: "scoped", siteIds: [{ id: 1 }] }, "siteIds"],
      [{ access: "scoped" }, "resources"],
      [{ access: "scoped", deviceIds: ["nope"], scopes: ["audit:read"] }, "scopes"],
    ];
    for (const [extra, field] of cases) {
      const response = await callAction(BASE_URL, admin, "createTokenAction", createArgs("acme", extra));
      expect(response.result?.ok, JSON.stringify(extra)).toBe(false);
      expect(Object.keys(response.result?.fieldErrors ?? {}), JSON.stringify(extra)).toContain(field);
    }
    expect(await snapshot()).toBe(before);
  });

  it("an oversized action body is refused and the server stays up", async () => {
    const response = await callAction(BASE_URL, admin, "createTokenAction", createArgs("acme", { description: "x".repeat(200_000) }));
    expect(response.result?.ok ?? false).toBe(false);
    const health = await fetch(`${BASE_URL}/api/health`);
    expect(health.status).toBe(200);
  });
});

/** Posted as the tab's button posts it: to the Developers page. */
const postReset = (cookie: string | null, slug: string) => callAction(BASE_URL, cookie, "resetSandboxAction", [slug, {}], { slug });

/** Acme's sandbox as a reset would rewrite it: sites, groups, devices and group memberships. */
async function sandboxSnapshot(workspaceId: string) {
  const test = { workspaceId, environment: "test" };
  const [sites, groups, devices, members] = await Promise.all([
    db.site.findMany({ where: test, orderBy: { id: "asc" }, select: { id: true, name: true, sourceId: true } }),
    db.deviceGroup.findMany({ where: test, orderBy: { id: "asc" }, select: { id: true, name: true, sourceId: true } }),
    db.device.findMany({
      where: test,
      orderBy: { id: "asc" },
      select: { id: true, serial: true, name: true, siteId: true, sourceId: true },
    }),
    db.deviceGroupMember.findMany({ where: { device: test }, orderBy: [{ deviceId: "asc" }, { groupId: "asc" }] }),
  ]);
  return JSON.stringify({ sites, groups, devices, members });
}

describe("a forged sandbox reset changes nothing", () => {
  it("is refused to a member, a signed-out visitor and another workspace's admin; Acme's admin may reset it", async () => {
    const acmeId = (await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } })).id;
    // A sandbox that drifted from live, so a reset that ran would show.
    const device = await db.device.findFirstOrThrow({ where: { workspaceId: acmeId, environment: "test" }, orderBy: { serial: "asc" } });
    const original = await db.device.findUniqueOrThrow({ where: { id: device.sourceId! } });
    const drifted = uniqueName("Drifted");
    await db.device.update({ where: { id: device.id }, data: { name: drifted } });
    try {
      const before = await sandboxSnapshot(acmeId);
      const events = await db.auditEvent.count({ where: { workspaceId: acmeId } });
      const member = await signIn(BASE_URL, "member@acme.test");
      expectRefused(await postReset(member, "acme"), "forbidden");
      expectRefused(await postReset(null, "acme"), "unauthenticated");
      const globexAdmin = await signIn(BASE_URL, "admin@globex.test");
      expectRefused(await postReset(globexAdmin, "acme"), "forbidden");
      // Its own workspace's reset is allowed and stays in its own workspace.
      expect((await postReset(globexAdmin, "globex")).result?.ok).toBe(true);
      expect(await sandboxSnapshot(acmeId)).toBe(before);
      expect(await db.auditEvent.count({ where: { workspaceId: acmeId } })).toBe(events);
      expect((await db.device.findUniqueOrThrow({ where: { id: device.id } })).name).toBe(drifted);

      // The same post by Acme's admin resets it: the refusals above were the action refusing, not a broken call.
      const reset = await postReset(admin, "acme");
      expect(reset.result).toMatchObject({
        ok: true,
        data: { devices: await db.device.count({ where: { workspaceId: acmeId, environment: "live" } }) },
      });
      expect((await db.device.findUniqueOrThrow({ where: { id: device.id } })).name).toBe(original.name);
      // Recorded as the admin's act, in the same transaction as the copy.
      const recorded = await db.auditEvent.findMany({
        where: { workspaceId: acmeId, action: "workspace.sandbox_reset" },
        orderBy: { createdAt: "desc" },
        take: 1,
      });
      expect(await db.auditEvent.count({ where: { workspaceId: acmeId } })).toBe(events + 1);
      expect(recorded[0]?.actorEmail).toBe("admin@acme.test");
      expect(recorded[0]?.detail).toMatch(/^\(\d+ devices, \d+ groups, \d+ sites\)$/);
    } finally {
      await resetSandbox(db, acmeId);
    }
  });
});
