import { db } from "../db/client";
import { hasRole, isRole, type Role } from "../roles";
import { auth } from "./config";
import { sessionUser } from "./sessions";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface WorkspaceContext {
  user: SessionUser;
  workspace: { id: string; slug: string; name: string };
  role: Role;
}

/**
 * The signed-in user: the cookie's session row and its user, re-read from
 * the database on every call, so a cookie whose session was ended (sign-out,
 * sign out everywhere, deactivation) or whose user was deactivated is worthless.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id || !session.sessionId) return null;
  return sessionUser(session.sessionId, id);
}

export type ContextResult = { ok: true; context: WorkspaceContext } | { ok: false; reason: "signed_out" | "not_member" | "forbidden" };

/**
 * Session → active user → membership of `slug` → at least `needed`. Pass
 * `knownUser` when the caller has just resolved the session itself.
 */
export async function workspaceContext(slug: unknown, needed: Role = "member", knownUser?: SessionUser | null): Promise<ContextResult> {
  const user = knownUser === undefined ? await currentUser() : knownUser;
  if (!user) return { ok: false, reason: "signed_out" };
  if (typeof slug !== "string" || slug.length > 64) return { ok: false, reason: "not_member" };
  const membership = await db.membership.findFirst({
    // A membership an admin deactivated opens nothing, as if it were gone.
    where: { userId: user.id, workspace: { slug }, deactivatedAt: null },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  if (!membership || !isRole(membership.role)) return { ok: false, reason: "not_member" };
  if (!hasRole(membership.role, needed)) return { ok: false, reason: "forbidden" };
  return { ok: true, context: { user, workspace: membership.workspace, role: membership.role } };
}

export async function workspacesOf(userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId, deactivatedAt: null },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
    orderBy: { workspace: { name: "asc" } },
  });
  return memberships.map((m) => ({ ...m.workspace, role: m.role }));
}
