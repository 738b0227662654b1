import { type Actor, recordEvent } from "../audit";
import { db } from "../db/client";
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
      data: { webhookUrl: url, ...(secret ? { webhookSecret: secret } : {}) },
    });
    await recordEvent(tx, actor, "workspace.webhook_changed", actor.workspace, `(now ${url})`);
    return ok({ secret });
  });
}

/** A new signing secret, returned this once; the old one signs nothing from now on. */
export async function rollWebhookSecret(actor: WorkspaceActor): Promise<Result<{ secret: string }>> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.workspace.updateMany({
      where: { id: actor.workspace.id, webhookUrl: { not: null } },
      data: { webhookSecret: newSigningSecret() },
    });
    if (count !== 1) return fail("invalid", "This workspace has no webhook.");
    const { webhookSecret } = await tx.workspace.findUniqueOrThrow({ where: { id: actor.workspace.id }, select: { webhookSecret: true } });
    await recordEvent(tx, actor, "workspace.webhook_changed", actor.workspace, "(new signing secret)");
    return ok({ secret: webhookSecret! });
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
