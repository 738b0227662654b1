import { db } from "../db/client";

/**
 * Clears the old value of every token whose rotation overlap has ended: it
 * is revoked (the verifier refuses it), so nothing may match it any more, a
 * leak report included. Run before each leak report and with every server's
 * expiry scan.
 */
export async function forgetEndedOverlaps(now = new Date()) {
  const { count } = await db.apiToken.updateMany({
    where: { previousHash: { not: null }, previousExpiresAt: { lte: now } },
    data: { previousHash: null, previousExpiresAt: null },
  });
  return count;
}
