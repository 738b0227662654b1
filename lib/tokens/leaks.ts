import { inSlices } from "../db/chunks";
import { db } from "../db/client";
import { hashToken, parseToken } from "./format";
import { forgetEndedOverlaps } from "./overlaps";
import { announceRevocations, evictValues } from "./revocations";
import { enqueueEvent } from "../webhooks/deliveries";

/**
 * Leaked-token reports (POST /api/v1/revocations), the way secret-scanning
 * services send them: any number of suspected strings, no authentication.
 * Every string that is a live Tollgate value (current, or old during a
 * rotation overlap) revokes its token at once on every server. The caller
 * learns nothing about which strings were valid: the response is the same
 * for any list of the same length.
 */
export const MAX_REPORTED = 1_000;
export const MAX_URL_LENGTH = 2_048;

export interface LeakReport {
  tokens: string[];
  /** Where the reporter found them, shown to the owning workspace's admins. */
  url: string | null;
  ip: string;
  userAgent: string | null;
}

export async function revokeReported(report: LeakReport): Promise<{ revoked: number }> {
  const hashes = [
    ...new Set(
      report.tokens.flatMap((candidate) => {
        const parsed = parseToken(candidate.trim());
        return parsed.ok ? [hashToken(parsed.token)] : [];
      }),
    ),
  ];
  if (hashes.length === 0) return { revoked: 0 };
  const now = new Date();
  // An old value counts only while its overlap lasts: past it the API refuses it, and a leak of a dead value must not delete the live token.
  await forgetEndedOverlaps(now);
  const found = new Map<string, { id: string; name: string; workspaceId: string; hash: string; previousHash: string | null }>();
  // In slices: a report holds up to 1,000 values, each bound twice (current and old value).
  for (const chunk of inSlices(hashes, 2)) {
    const rows = await db.apiToken.findMany({
      where: { OR: [{ hash: { in: chunk } }, { previousHash: { in: chunk }, previousExpiresAt: { gt: now } }] },
      select: { id: true, name: true, workspaceId: true, hash: true, previousHash: true },
    });
    for (const row of rows) found.set(row.id, row);
  }
  let revoked = 0;
  for (const token of found.values()) {
    const gone = await db.$transaction(async (tx) => {
      const { count } = await tx.apiToken.deleteMany({ where: { id: token.id } });
      if (count !== 1) return false;
      // No person acted: the reporter's address and the place they found it are the record.
      await tx.auditEvent.create({
        data: {
          workspaceId: token.workspaceId,
          actorId: null,
          actorEmail: "Secret scanning report",
          action: "token.leak_reported",
          tokenId: token.id,
          tokenName: token.name,
          detail: report.url ? `(found at ${report.url})` : null,
          ip: report.ip,
          userAgent: report.userAgent,
        },
      });
      await enqueueEvent(tx, token.workspaceId, "token.leak_reported", token, { reported_from: report.ip, url: report.url });
      await announceRevocations(tx, token);
      return true;
    });
    if (gone) {
      revoked++;
      evictValues(token);
    }
  }
  return { revoked };
}

/** The last 14 days' leak revocations of a workspace, for the Developers tab's banner. */
export async function recentLeakRevocations(workspaceId: string, now = new Date()) {
  const since = new Date(now.getTime() - 14 * 24 * 60 * 60 * 1000);
  return db.auditEvent.findMany({
    where: { workspaceId, action: "token.leak_reported", createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, tokenName: true, detail: true, ip: true, createdAt: true },
  });
}
