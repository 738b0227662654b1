// The workspace's maximum token lifetime, tried the attacker's way: forged
// actions with longer expiries, from the owner, an admin and a member.
import { addDays } from "date-fns";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createToken } from "@/lib/tokens/service";
import { callAction, signIn } from "../support/actions";
import { freshWorkspace, tokenInput, uniqueName } from "../support/factories";
import { BASE_URL } from "../support/servers";

afterAll(() => db.$disconnect());

const createInput = (expiry: string, extra: Record<string, unknown> = {}) => ({
  name: uniqueName("Policy"),
  expiry,
  scopes: ["devices:read"],
  access: "all",
  ...extra,
});

describe("maximum token lifetime", () => {
  it("only owners set it, and only to a listed value", async () => {
    const ws = await freshWorkspace("policy");
    const owner = await ws.person("owner");
    const admin = await ws.person("admin");
    const asAdmin = await callAction(BASE_URL, await signIn(BASE_URL, admin.email), "setLifetimePolicyAction", [ws.slug, { maxDays: 30 }], {
      slug: ws.slug,
    });
    expect(asAdmin.result?.ok).toBe(false);
    expect(asAdmin.result?.error).toMatch(/Only workspace owners/);
    const ownerCookie = await signIn(BASE_URL, owner.email);
    const odd = await callAction(BASE_URL, ownerCookie, "setLifetimePolicyAction", [ws.slug, { maxDays: 45 }], { slug: ws.slug });
    expect(odd.result?.ok).toBe(false);
    expect((await db.workspace.findUniqueOrThrow({ where: { id: ws.id } })).maxTokenLifetimeDays).toBeNull();
    const set = await callAction(BASE_URL, ownerCookie, "setLifetimePolicyAction", [ws.slug, { maxDays: 30 }], { slug: ws.slug });
    expect(set.result?.ok).toBe(true);
    expect((await db.workspace.findUniqueOrThrow({ where: { id: ws.id } })).maxTokenLifetimeDays).toBe(30);

    // Audited once per real change, from what to what; refusals and repeats record nothing.
    const events = () =>
      db.auditEvent.findMany({
        where: { workspaceId: ws.id, action: "workspace.lifetime_policy_changed" },
        orderBy: { createdAt: "asc" },
        select: { detail: true, actorEmail: true },
      });
    expect(await events()).toEqual([{ detail: "from no maximum to 30 days", actorEmail: owner.email }]);
    await callAction(BASE_URL, ownerCookie, "setLifetimePolicyAction", [ws.slug, { maxDays: 30 }], { slug: ws.slug });
    expect(await events()).toHaveLength(1);
    const lifted = await callAction(BASE_URL, ownerCookie, "setLifetimePolicyAction", [ws.slug, { maxDays: null }], { slug: ws.slug });
    expect(lifted.result?.ok).toBe(true);
    expect((await events()).map((e) => e.detail)).toEqual(["from no maximum to 30 days", "from 30 days to no maximum"]);
  });

  it("refuses a longer or missing expiry at creation and regeneration with a field error naming the policy, and changes nothing", async () => {
    const ws = await freshWorkspace("policy");
    const owner = await ws.person("owner");
    const earlier = await createToken(owner.actor, tokenInput({ expiresAt: addDays(new Date(), 7) }));
    if (!earlier.ok) throw new Error(earlier.error);
    await db.workspace.update({ where: { id: ws.id }, data: { maxTokenLifetimeDays: 30 } });
    const cookie = await signIn(BASE_URL, owner.email);
    const rows = async () => JSON.stringify(await db.apiToken.findMany({ where: { workspaceId: ws.id }, orderBy: { id: "asc" } }));
    const before = await rows();
    const farDate = addDays(new Date(), 60).toISOString().slice(0, 10);
    for (const input of [createInput("90d"), createInput("1y"), createInput("never"), createInput("custom", { customExpiry: farDate })]) {
      const refused = await callAction(BASE_URL, cookie, "createTokenAction", [ws.slug, input], { slug: ws.slug });
      expect(refused.result?.ok, input.expiry).toBe(false);
      expect(refused.result?.fieldErrors?.expiry?.[0]).toMatch(/at most 30 days/);
    }
    const regenerated = await callAction(
      BASE_URL,
      cookie,
      "regenerateTokenAction",
      [ws.slug, { tokenId: earlier.data.id, version: 1, expiry: "90d" }],
      { slug: ws.slug },
    );
    expect(regenerated.result?.fieldErrors?.expiry?.[0]).toMatch(/at most 30 days/);
    expect(regenerated.text).not.toMatch(/tg_live_[0-9A-Za-z]{33}/);
    expect(await rows()).toBe(before);

    const fits = await callAction(BASE_URL, cookie, "createTokenAction", [ws.slug, createInput("30d")], { slug: ws.slug });
    expect(fits.result?.ok).toBe(true);
  });

  it("shortens an out-of-policy token in one step; the API sees the new expiry at once", async () => {
    const ws = await freshWorkspace("policy");
    const owner = await ws.person("owner");
    const forever = await createToken(owner.actor, tokenInput({ expiresAt: null, scopes: ["devices:read"] }));
    if (!forever.ok) throw new Error(forever.error);
    const describe = async () => {
      const response = await fetch(`${BASE_URL}/api/v1/token`, { headers: { authorization: `Bearer ${forever.data.plaintext}` } });
      return ((await response.json()) as { data: { expires_at: string | null } }).data;
    };
    expect((await describe()).expires_at).toBeNull();
    await db.workspace.update({ where: { id: ws.id }, data: { maxTokenLifetimeDays: 90 } });
    const cookie = await signIn(BASE_URL, owner.email);
    const capped = await callAction(BASE_URL, cookie, "capTokenExpiryAction", [ws.slug, { tokenId: forever.data.id, version: 1 }], {
      slug: ws.slug,
    });
    expect(capped.result?.ok).toBe(true);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: forever.data.id } });
    expect(row.expiresAt).not.toBeNull();
    const days = (row.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThanOrEqual(91);
    // Cached as "no expiry" before: the cache must not serve the old answer.
    expect((await describe()).expires_at).toBe(row.expiresAt!.toISOString());
    const events = await db.auditEvent.findMany({ where: { workspaceId: ws.id, action: "token.expiry_shortened" } });
    expect(events).toHaveLength(1);

    // A stale version (someone else changed it meanwhile) changes nothing.
    await db.workspace.update({ where: { id: ws.id }, data: { maxTokenLifetimeDays: 30 } });
    const stale = await callAction(BASE_URL, cookie, "capTokenExpiryAction", [ws.slug, { tokenId: forever.data.id, version: 1 }], {
      slug: ws.slug,
    });
    expect(stale.result?.ok).toBe(false);
  });
});
