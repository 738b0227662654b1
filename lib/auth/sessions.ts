import { randomBytes } from "node:crypto";
import { db, type Tx } from "../db/client";

/**
 * Server-side sessions. The cookie is a JWT signed with AUTH_SECRET that
 * carries a session id; the row with that id is what makes it valid. The
 * row is read together with the user on every request that needs the
 * session, so deleting it ends the session on every server at once, even
 * for a copy of the cookie taken before.
 */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export async function openSession(userId: string): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await db.session.create({ data: { id, userId, expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000) } });
  await db.user.update({ where: { id: userId }, data: { lastSignInAt: new Date() } });
  // Signed in (e.g. by single sign-on): the account is in use, so no set-password link may open it any more.
  await db.invitation.updateMany({ where: { userId, usedAt: null }, data: { usedAt: new Date() } });
  // Expired rows (anyone's, by an index) go with each new sign-in, so the table stays small without a job.
  await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return id;
}

export async function closeSession(id: string) {
  await db.session.deleteMany({ where: { id } });
}

/** Ends every session of a user ("Sign out everywhere"; for deactivation, removal and a new password too). */
export async function closeAllSessions(userId: string, tx: Tx = db as unknown as Tx) {
  await tx.session.deleteMany({ where: { userId } });
}

export interface SessionUserRow {
  id: string;
  email: string;
  name: string;
}

/** The active user a session id stands for, or null when the session has ended. */
export async function sessionUser(sessionId: string, userId: string): Promise<SessionUserRow | null> {
  const row = await db.session.findUnique({
    where: { id: sessionId },
    select: { userId: true, expiresAt: true, user: { select: { id: true, email: true, name: true, active: true } } },
  });
  if (!row || row.userId !== userId || row.expiresAt.getTime() <= Date.now() || !row.user.active) return null;
  return { id: row.user.id, email: row.user.email, name: row.user.name };
}
