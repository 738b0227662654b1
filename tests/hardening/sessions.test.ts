// Sessions that end when they should, sign-in limits that hold, and the
// policy gaps (suspended workspaces, audit:read on limited tokens).
import { afterAll, describe, expect, it } from "vitest";
import { db, provider } from "@/lib/db/client";
import { displayParts, generateToken, hashToken } from "@/lib/tokens/format";
import { createToken } from "@/lib/tokens/service";
import { callAction, signIn, signInFrom } from "../support/actions";
import { loopbackClient } from "../support/http";
import { actorFor, freshUser, tokenInput, uniqueName } from "../support/factories";
import { BASE_URL, STRICT_BASE_URL } from "../support/servers";

const developers = (cookie: string) => fetch(`${BASE_URL}/w/acme/settings/developers`, { headers: { cookie }, redirect: "manual" });

/** A fresh admin of Acme, so ending its sessions or locking it out disturbs no other test. */
const freshAdmin = () => freshUser("admin");

afterAll(() => db.$disconnect());

describe("sessions end when they should", () => {
  it("a cookie copied before sign-out is worthless afterwards, for pages and actions", async () => {
    const { email } = await freshAdmin();
    const cookie = await signIn(BASE_URL, email);
    expect((await developers(cookie)).status).toBe(200);
    const signedOut = await callAction(BASE_URL, cookie, "signOutAction", []);
    expect(signedOut.status).toBeLessThan(400);
    // The copy replayed:
    const page = await developers(cookie);
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toContain("/login");
    const action = await callAction(BASE_URL, cookie, "createTokenAction", [
      "acme",
      { name: uniqueName("After sign-out"), expiry: "7d", scopes: ["devices:read"], access: "all" },
    ]);
    expect(action.result?.code).toBe("unauthenticated");
  });

  it("sign-out ends only that browser's session", async () => {
    const { email } = await freshAdmin();
    const laptop = await signIn(BASE_URL, email);
    const phone = await signIn(BASE_URL, email);
    await callAction(BASE_URL, laptop, "signOutAction", []);
    expect((await developers(laptop)).status).toBe(307);
    expect((await developers(phone)).status).toBe(200);
  });

  it("sign out everywhere ends every session of that user, and no one else's", async () => {
    const { email, id } = await freshAdmin();
    const other = await freshAdmin();
    const laptop = await signIn(BASE_URL, email);
    const phone = await signIn(BASE_URL, email);
    const bystander = await signIn(BASE_URL, other.email);
    await callAction(BASE_URL, phone, "signOutEverywhereAction", []);
    expect((await developers(laptop)).status).toBe(307);
    expect((await developers(phone)).status).toBe(307);
    expect((await developers(bystander)).status).toBe(200);
    expect(await db.session.count({ where: { userId: id } })).toBe(0);
  });
});

describe("sign-in limits", () => {
  it("successful sign-ins never count: one office address is not locked out", async () => {
    // The strict server allows 5 failed sign-ins per address.
    const office = loopbackClient();
    for (let i = 0; i < 8; i++) expect((await signInFrom(STRICT_BASE_URL, office, "admin@acme.test")).signedIn).toBe(true);
  });

  it("failures are limited per address, without locking out other addresses", async () => {
    const guesser = loopbackClient();
    for (let i = 0; i < 5; i++) {
      const attempt = await signInFrom(STRICT_BASE_URL, guesser, `nobody-${i}@acme.test`, "wrong");
      expect(attempt.rateLimited).toBe(false);
    }
    expect((await signInFrom(STRICT_BASE_URL, guesser, "admin@acme.test")).rateLimited).toBe(true);
    expect((await signInFrom(STRICT_BASE_URL, loopbackClient(), "admin@acme.test")).signedIn).toBe(true);
  });

  it("failures are limited per account from any address, so a distributed guesser is slowed too", async () => {
    const { email } = await freshAdmin();
    for (let i = 0; i < 10; i++) {
      expect((await signInFrom(STRICT_BASE_URL, loopbackClient(), email, `guess-${i}`)).rateLimited).toBe(false);
    }
    const owner = await signInFrom(STRICT_BASE_URL, loopbackClient(), email);
    expect(owner.rateLimited).toBe(true);
    expect(owner.signedIn).toBe(false);
  });

  it(
    provider === "postgres"
      ? "two servers on one PostgreSQL share one failure budget"
      : "on SQLite each server keeps its own failure budget (one server per database file)",
    async () => {
      const { email } = await freshAdmin();
      for (let i = 0; i < 5; i++) await signInFrom(BASE_URL, loopbackClient(), email, `guess-a${i}`);
      for (let i = 0; i < 5; i++) await signInFrom(STRICT_BASE_URL, loopbackClient(), email, `guess-b${i}`);
      const next = await signInFrom(BASE_URL, loopbackClient(), email);
      expect(next.rateLimited).toBe(provider === "postgres");
      expect(next.signedIn).toBe(provider !== "postgres");
    },
  );
});

describe("policy", () => {
  it("a suspended workspace refuses token creation and regeneration, with a clear message, and changes nothing", async () => {
    const { email, id } = await freshAdmin();
    const slug = `suspended-${uniqueName("ws").split(" ")[1]}`;
    const workspace = await db.workspace.create({ data: { slug, name: "Suspended Co" } });
    await db.membership.create({ data: { userId: id, workspaceId: workspace.id, role: "owner" } });
    const before = await createToken(
      { user: { id, email }, workspace: { id: workspace.id }, ip: "127.0.0.1", userAgent: "vitest" },
      tokenInput(),
    );
    if (!before.ok) throw new Error(before.error);
    await db.workspace.update({ where: { id: workspace.id }, data: { suspended: true } });
    const snapshot = async () =>
      JSON.stringify(await db.apiToken.findMany({ where: { workspaceId: workspace.id }, omit: { hash: false } }));
    const rows = await snapshot();
    const cookie = await signIn(BASE_URL, email);
    const created = await callAction(
      BASE_URL,
      cookie,
      "createTokenAction",
      [slug, { name: uniqueName("While suspended"), expiry: "7d", scopes: ["devices:read"], access: "all" }],
      { slug },
    );
    expect(created.result?.ok).toBe(false);
    expect(created.result?.error).toMatch(/suspended/);
    const regenerated = await callAction(
      BASE_URL,
      cookie,
      "regenerateTokenAction",
      [slug, { tokenId: before.data.id, version: 1, expiry: "7d" }],
      { slug },
    );
    expect(regenerated.result?.ok).toBe(false);
    expect(regenerated.result?.error).toMatch(/suspended/);
    expect(regenerated.text).not.toMatch(/tg_live_[0-9A-Za-z]{33}/);
    expect(await snapshot()).toBe(rows);
  });

  it("audit:read works only for a token that reaches all resources", async () => {
    const actor = await actorFor("acme");
    const device = await db.device.findFirstOrThrow({ where: { workspaceId: actor.workspace.id, environment: "live" } });
    const refused = await createToken(actor, tokenInput({ scopes: ["audit:read"], allResources: false, deviceIds: [device.id] }));
    expect(refused.ok).toBe(false);
    // A limited token that holds audit:read anyway (made before this rule) cannot read the log.
    const value = generateToken();
    await db.apiToken.create({
      data: {
        workspaceId: actor.workspace.id,
        name: uniqueName("Legacy auditor"),
        hash: hashToken(value),
        ...displayParts(value),
        scopes: "devices:read audit:read",
        allResources: false,
        devices: { create: [{ deviceId: device.id }] },
      },
    });
    const res = await fetch(`${BASE_URL}/api/v1/audit-events`, { headers: { authorization: `Bearer ${value}` } });
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.error.code).toBe("forbidden");
    expect(JSON.stringify(body)).not.toContain("@acme.test");
    const full = await createToken(actor, tokenInput({ scopes: ["audit:read"] }));
    if (!full.ok) throw new Error(full.error);
    expect((await fetch(`${BASE_URL}/api/v1/audit-events`, { headers: { authorization: `Bearer ${full.data.plaintext}` } })).status).toBe(
      200,
    );
  });
});
