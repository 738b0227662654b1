import type { AuditAction } from "../audit-actions";
import { db, type Tx } from "../db/client";
import type { VerifiedToken } from "../tokens/verify";
import { finishPage, type PageRequest } from "./pagination";
import type { AuditEventJson } from "./schemas";

/** Audit cursors carry [createdAt, id]; the id breaks ties between events of the same millisecond. */
export const AUDIT_CURSOR_KEYS = 2;

export function validAuditKeys([createdAt]: string[]) {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(createdAt) && !Number.isNaN(Date.parse(createdAt));
}

function afterCursor(after: string[] | null) {
  if (!after) return {};
  const [createdAt, id] = after;
  const at = new Date(createdAt);
  return { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }] };
}

/** Newest first; always only the token's own workspace. */
export async function listAuditEvents(token: VerifiedToken, page: PageRequest) {
  const rows = await db.auditEvent.findMany({
    where: { AND: [{ workspaceId: token.workspaceId, action: { startsWith: "token." } }, afterCursor(page.after)] },
    select: {
      id: true,
      action: true,
      tokenId: true,
      tokenName: true,
      actorEmail: true,
      ip: true,
      userAgent: true,
      createdAt: true,
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
  });
  const { items, next_cursor } = finishPage(rows, page, (e) => [e.createdAt.toISOString(), e.id]);
  const data = items.map(
    (e): AuditEventJson => ({
      id: e.id,
      action: e.action as AuditEventJson["action"],
      token_id: e.tokenId,
      token_name: e.tokenName,
      actor_email: e.actorEmail,
      ip: e.ip,
      user_agent: e.userAgent,
      created_at: e.createdAt.toISOString(),
    }),
  );
  return { data, next_cursor };
}

/** Who made an API write: the token, from this address. */
export interface ApiWriter {
  ip: string;
  userAgent: string | null;
}

/**
 * A write through the API is an audit event too, in the transaction of the
 * write, with the token as the actor ("API token renamed a device with “CI
 * sync” (ACM-1001: “Dock 7” → “Dock 8”) from 203.0.113.9").
 */
export function recordApiWrite(tx: Tx, token: VerifiedToken, who: ApiWriter, action: AuditAction, detail: string) {
  return tx.auditEvent.create({
    data: {
      workspaceId: token.workspaceId,
      actorId: null,
      actorEmail: "API token",
      action,
      tokenId: token.id,
      tokenName: token.name,
      detail,
      ip: who.ip,
      userAgent: who.userAgent,
    },
  });
}
