import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { hashToken } from "@/lib/tokens/format";
import { createToken, deleteToken, regenerateToken } from "@/lib/tokens/service";
import { actorFor, tokenInput, uniqueName } from "../support/factories";

afterAll(() => db.$disconnect());

async function freshToken() {
  const actor = await actorFor("acme");
  const created = await createToken(actor, tokenInput());
  if (!created.ok) throw new Error(created.error);
  return { actor, created: created.data };
}

describe("races between admins", () => {
  it("two simultaneous regenerations: exactly one wins and its value is the only valid one", async () => {
    const { actor, created } = await freshToken();
    const other = await actorFor("acme", "owner@acme.test");
    const [a, b] = await Promise.all([
      regenerateToken(actor, { tokenId: created.id, version: 1, expiresAt: null }),
      regenerateToken(other, { tokenId: created.id, version: 1, expiresAt: null }),
    ]);
    const winners = [a, b].filter((r) => r.ok);
    const losers = [a, b].filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0].ok === false && losers[0].code).toBe("conflict");
    expect(losers[0].ok === false && losers[0].error).toMatch(/changed.*reload/i);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.id }, omit: { hash: false } });
    const shown = winners[0].ok ? winners[0].data.plaintext : "";
    expect(row.hash).toBe(hashToken(shown));
    expect(row.hash).not.toBe(hashToken(created.plaintext));
    const events = await db.auditEvent.count({ where: { tokenId: created.id, action: "token.regenerated" } });
    expect(events).toBe(1);
  });

  it("regenerate racing delete: exactly one succeeds", async () => {
    const { actor, created } = await freshToken();
    const [regen, del] = await Promise.all([
      regenerateToken(actor, { tokenId: created.id, version: 1, expiresAt: null }),
      deleteToken(actor, { tokenId: created.id, version: 1 }),
    ]);
    expect([regen.ok, del.ok].filter(Boolean)).toHaveLength(1);
    const row = await db.apiToken.findUnique({ where: { id: created.id }, omit: { hash: false } });
    if (del.ok) expect(row).toBeNull();
    else expect(row?.hash).toBe(hashToken(regen.ok ? regen.data.plaintext : ""));
  });

  it("two creates with the same name: one wins, the other gets the name field error", async () => {
    const actor = await actorFor("acme");
    const name = uniqueName("Same name");
    const results = await Promise.all([createToken(actor, tokenInput({ name })), createToken(actor, tokenInput({ name }))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok);
    expect(loser?.ok === false && loser.fieldErrors?.name?.[0]).toMatch(/already exists/);
    expect(await db.apiToken.count({ where: { name, workspaceId: actor.workspace.id } })).toBe(1);
  });
});

describe("faults in the middle of a change", () => {
  it("a failing audit insert leaves no half-made token", async () => {
    const actor = await actorFor("acme");
    const name = uniqueName("Fault create");
    // An actor email of the wrong type makes the audit insert (the second write) fail.
    const broken = { ...actor, user: { ...actor.user, email: null as unknown as string } };
    await expect(createToken(broken, tokenInput({ name }))).rejects.toThrow();
    expect(await db.apiToken.count({ where: { name } })).toBe(0);
  });

  it("a failing audit insert during regenerate keeps the old value and issues no new one", async () => {
    const { actor, created } = await freshToken();
    const broken = { ...actor, user: { ...actor.user, email: null as unknown as string } };
    await expect(regenerateToken(broken, { tokenId: created.id, version: 1, expiresAt: null })).rejects.toThrow();
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.id }, omit: { hash: false } });
    expect(row.hash).toBe(hashToken(created.plaintext));
    expect(row.version).toBe(1);
  });
});
