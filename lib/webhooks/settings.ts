import { type Actor, recordEvent } from "../audit";
import { keyring, sealWebhookSecret, webhookSecretContext } from "../crypto/keyring";
import { needsReseal, open, seal } from "../crypto/sealed";
import { type Db, db } from "../db/client";
import { fail, ok, type Result } from "../result";
import { webhookUrlProblem } from "./deliveries";
import { newSigningSecret } from "./signature";

type WorkspaceActor = Actor & { workspace: { id: string; name: string } };

/** Sets the workspace's webhook URL; a first URL also gets a signing secret, returned this once. Audited. */
export async function setWebhook(actor: WorkspaceActor, url: string): Promise<Result<{ secret: string | null }>> {
  const problem = webhookUrlProblem(url);
  if (problem) return fail("invalid", problem, { url: [problem] });
  return db.$transaction(async (tx) => {
    const current = await tx.workspace.findUniqueOrThrow({ where: { id: actor.workspace.id }, select: { webhookSecret: true } });
    const secret = current.webhookSecret ? null : newSigningSecret();
    await tx.workspace.update({
      where: { id: actor.workspace.id },
      data: { webhookUrl: url, ...(secret ? { webhookSecret: sealWebhookSecret(actor.workspace.id, secret) } : {}) },
    });
    await recordEvent(tx, actor, "workspace.webhook_changed", actor.workspace, `(now ${url})`);
    return ok({ secret });
  });
}

/** A new signing secret, returned this once; the old one signs nothing from now on. */
export async function rollWebhookSecret(actor: WorkspaceActor): Promise<Result<{ secret: string }>> {
  const secret = newSigningSecret();
  return db.$transaction(async (tx) => {
    const { count } = await tx.workspace.updateMany({
      where: { id: actor.workspace.id, webhookUrl: { not: null } },
      data: { webhookSecret: sealWebhookSecret(actor.workspace.id, secret) },
    });
    if (count !== 1) return fail("invalid", "This workspace has no webhook.");
    await recordEvent(tx, actor, "workspace.webhook_changed", actor.workspace, "(new signing secret)");
    return ok({ secret });
  });
}

/** No more events; those not yet delivered are dropped with it. */
export async function removeWebhook(actor: WorkspaceActor): Promise<Result<{ removed: true }>> {
  return db.$transaction(async (tx) => {
    await tx.workspace.update({ where: { id: actor.workspace.id }, data: { webhookUrl: null, webhookSecret: null } });
    await tx.webhookDelivery.deleteMany({ where: { workspaceId: actor.workspace.id, status: "pending" } });
    await recordEvent(tx, actor, "workspace.webhook_changed", actor.workspace, "(removed)");
    return ok({ removed: true as const });
  });
}

/**
 * Seals every signing secret still stored in plaintext (from before secrets
 * were encrypted) or under a previous AUTH_SECRET, under the current one.
 * Run by every start (scripts/lib/database.ts); a value that does not open is
 * left as it is and named, and its deliveries fail until the webhook's secret is rolled.
 */
export async function resealWebhookSecrets(client: Db): Promise<{ resealed: number; unopened: string[] }> {
  const rows = await client.workspace.findMany({
    where: { webhookSecret: { not: null } },
    select: { id: true, slug: true, webhookSecret: true },
  });
  if (rows.length === 0) return { resealed: 0, unopened: [] };
  const ring = keyring();
  let resealed = 0;
  const unopened: string[] = [];
  for (const row of rows) {
    const stored = row.webhookSecret!;
    if (!needsReseal(ring, stored)) continue;
    let plaintext: string;
    try {
      plaintext = open(ring, stored, webhookSecretContext(row.id));
    } catch {
      unopened.push(row.slug);
      continue;
    }
    // Only if nobody changed it meanwhile (another server starting, an admin rolling it).
    const { count } = await client.workspace.updateMany({
      where: { id: row.id, webhookSecret: stored },
      data: { webhookSecret: seal(ring, plaintext, webhookSecretContext(row.id)) },
    });
    resealed += count;
  }
  return { resealed, unopened };
}
