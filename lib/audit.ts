import type { AuditAction } from "./audit-actions";
import type { Tx } from "./db/client";

/** Who did it, from where: a signed-in person acting in one workspace. */
export interface Actor {
  user: { id: string; email: string };
  workspace: { id: string };
  ip: string | null;
  userAgent: string | null;
}

/**
 * One audit event, written in the transaction of the change it records. The
 * subject is the token, person or workspace the event is about (stored in
 * tokenId/tokenName, which name a token for token.* events); detail says
 * what changed where the verb alone does not ("to admin").
 */
export function recordEvent(tx: Tx, actor: Actor, action: AuditAction, subject: { id: string; name: string }, detail?: string) {
  return tx.auditEvent.create({
    data: {
      workspaceId: actor.workspace.id,
      actorId: actor.user.id,
      actorEmail: actor.user.email,
      action,
      tokenId: subject.id,
      tokenName: subject.name,
      detail: detail ?? null,
      ip: actor.ip,
      userAgent: actor.userAgent,
    },
  });
}
