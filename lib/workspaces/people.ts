import { createHash, randomBytes } from "node:crypto";
import { addHours } from "date-fns";
import type { AuditAction } from "../audit-actions";
import { hashPassword } from "../auth/password";
import { isUniqueViolation } from "../db/errors";
import { type Actor, recordEvent } from "../audit";
import { closeAllSessions } from "../auth/sessions";
import { db, provider, type Tx } from "../db/client";
import { fail, ok, type Result } from "../result";
import { hasRole, isRole, type Role } from "../roles";
import { tokenCache } from "../tokens/cache";
import { announceWorkspaceChange } from "../tokens/revocations";

/**
 * People in a workspace, and the setting that lets members hold personal
 * tokens. Every change here can stop personal tokens (lib/tokens/personal.ts),
 * so each one is announced like a suspension: on PostgreSQL every server
 * drops the workspace's cached tokens when the change commits, and this
 * server drops them right after.
 */
/**
 * One change to a workspace's people or setting, serialised with every other:
 * on PostgreSQL the workspace row is locked FOR UPDATE first (token creation
 * reads it FOR SHARE, so a personal token cannot be created in between
 * either); SQLite's write transactions run one at a time. Inside, the actor's
 * own membership is read again, so an action in flight runs with the role the
 * actor has now: two owners demoting each other at once cannot both pass the
 * last-owner check.
 */
async function changeWorkspace<T>(actor: Actor, work: (tx: Tx, role: Role) => Promise<Result<T>>): Promise<Result<T>> {
  const workspaceId = actor.workspace.id;
  const result = await db.$transaction(async (tx) => {
    if (provider === "postgres") await tx.$queryRaw`SELECT "id" FROM "Workspace" WHERE "id" = ${workspaceId} FOR UPDATE`;
    const me = await tx.membership.findUnique({
      where: { userId_workspaceId: { userId: actor.user.id, workspaceId } },
      select: { role: true, deactivatedAt: true },
    });
    if (!me || me.deactivatedAt || !isRole(me.role) || !hasRole(me.role, "admin")) {
      return fail("forbidden", "Your role in this workspace does not allow this.") as Result<T>;
    }
    const outcome = await work(tx, me.role);
    if (outcome.ok) await announceWorkspaceChange(tx, workspaceId);
    return outcome;
  });
  if (result.ok) tokenCache.evictWorkspace(workspaceId);
  return result;
}

export async function setPersonalTokensEnabled(actor: Actor & { workspace: { name: string } }, enabled: boolean) {
  return changeWorkspace(actor, async (tx) => {
    const { count } = await tx.workspace.updateMany({
      where: { id: actor.workspace.id, personalTokensEnabled: !enabled },
      data: { personalTokensEnabled: enabled },
    });
    // Saying the same thing twice changes nothing and records nothing.
    if (count === 1) {
      const action: AuditAction = enabled ? "workspace.personal_tokens_enabled" : "workspace.personal_tokens_disabled";
      await recordEvent(tx, actor, action, { id: actor.workspace.id, name: actor.workspace.name });
    }
    return ok({ enabled });
  });
}

export interface MemberActor extends Actor {
  role: Role;
}

const NOT_FOUND = "This person is not a member of this workspace. Reload the page.";
const OWNERS_ONLY = "Only owners can change an admin's or owner's membership.";
const LAST_OWNER = "A workspace needs an active owner: make someone else an owner first.";

async function target(tx: Tx, workspaceId: string, userId: string) {
  const row = await tx.membership.findUnique({
    where: { userId_workspaceId: { userId, workspaceId } },
    select: { id: true, role: true, deactivatedAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return row && isRole(row.role) ? { ...row, role: row.role } : null;
}

async function otherActiveOwners(tx: Tx, workspaceId: string, userId: string) {
  return tx.membership.count({
    where: { workspaceId, role: "owner", deactivatedAt: null, userId: { not: userId }, user: { active: true } },
  });
}

/** Admins and owners are an owner's business; nobody acts on themselves here (no accidental lock-out). `role`: the actor's, read in the transaction. */
function mayManage(actor: MemberActor, role: Role, person: { role: Role; user: { id: string } }, newRole?: Role): string | null {
  if (person.user.id === actor.user.id) return "You cannot change your own membership here; ask another owner.";
  if (!hasRole(role, "owner") && (hasRole(person.role, "admin") || (newRole && hasRole(newRole, "admin")))) return OWNERS_ONLY;
  return null;
}

export async function changeRole(actor: MemberActor, input: { userId: string; role: Role }): Promise<Result<{ role: Role }>> {
  return changeWorkspace(actor, async (tx, role) => {
    const person = await target(tx, actor.workspace.id, input.userId);
    if (!person) return fail("not_found", NOT_FOUND);
    const refused = mayManage(actor, role, person, input.role);
    if (refused) return fail("forbidden", refused);
    if (person.role === input.role) return ok({ role: input.role });
    if (person.role === "owner" && (await otherActiveOwners(tx, actor.workspace.id, person.user.id)) === 0) {
      return fail("conflict", LAST_OWNER, { role: [LAST_OWNER] });
    }
    await tx.membership.update({ where: { id: person.id }, data: { role: input.role } });
    await recordEvent(
      tx,
      actor,
      "member.role_changed",
      { id: person.user.id, name: person.user.name },
      `from ${person.role} to ${input.role}`,
    );
    return ok({ role: input.role });
  });
}

/**
 * Deactivated: the person cannot use this workspace and their personal
 * tokens stop on the next request; workspace tokens they created keep
 * working. Membership is checked on every request, so the workspace closes
 * to them at once. Their sessions end too (a session is not per workspace,
 * so everywhere) only when no other workspace still grants them access:
 * one workspace's admins cannot sign a shared member out of another.
 */
export async function setActive(actor: MemberActor, input: { userId: string; active: boolean }): Promise<Result<{ active: boolean }>> {
  return changeWorkspace(actor, async (tx, role) => {
    const person = await target(tx, actor.workspace.id, input.userId);
    if (!person) return fail("not_found", NOT_FOUND);
    const refused = mayManage(actor, role, person);
    if (refused) return fail("forbidden", refused);
    if ((person.deactivatedAt === null) === input.active) return ok({ active: input.active });
    if (!input.active && person.role === "owner" && (await otherActiveOwners(tx, actor.workspace.id, person.user.id)) === 0) {
      return fail("conflict", LAST_OWNER);
    }
    await tx.membership.update({ where: { id: person.id }, data: { deactivatedAt: input.active ? null : new Date() } });
    if (!input.active) await closeSessionsUnlessElsewhere(tx, person.user.id, actor.workspace.id);
    await recordEvent(tx, actor, input.active ? "member.reactivated" : "member.deactivated", {
      id: person.user.id,
      name: person.user.name,
    });
    return ok({ active: input.active });
  });
}

/** Ends the person's sessions unless an active membership of another workspace still needs them. */
async function closeSessionsUnlessElsewhere(tx: Tx, userId: string, workspaceId: string) {
  const elsewhere = await tx.membership.count({ where: { userId, workspaceId: { not: workspaceId }, deactivatedAt: null } });
  if (elsewhere === 0) await closeAllSessions(userId, tx);
}

/** Removed: as deactivated, and the membership is gone; their personal tokens stay listed (marked) until an admin deletes them. */
export async function removeMember(actor: MemberActor, input: { userId: string }): Promise<Result<{ removed: true }>> {
  return changeWorkspace(actor, async (tx, role) => {
    const person = await target(tx, actor.workspace.id, input.userId);
    if (!person) return fail("not_found", NOT_FOUND);
    const refused = mayManage(actor, role, person);
    if (refused) return fail("forbidden", refused);
    if (person.role === "owner" && (await otherActiveOwners(tx, actor.workspace.id, person.user.id)) === 0) {
      return fail("conflict", LAST_OWNER);
    }
    await tx.membership.delete({ where: { id: person.id } });
    await closeSessionsUnlessElsewhere(tx, person.user.id, actor.workspace.id);
    await recordEvent(tx, actor, "member.removed", { id: person.user.id, name: person.user.name }, `(${person.user.email})`);
    return ok({ removed: true as const });
  });
}

export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: Role;
  status: "active" | "deactivated" | "invited";
  lastSignInAt: string | null;
  /** While invited: when the set-password link stops working. */
  invitationExpiresAt: string | null;
  joinedAt: string;
}

const ROLE_ORDER: Record<Role, number> = { owner: 0, admin: 1, member: 2 };

/** Everyone in the workspace, owners first, then by name. */
export async function listMembers(workspaceId: string): Promise<MemberView[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId },
    select: {
      role: true,
      deactivatedAt: true,
      createdAt: true,
      user: {
        select: {
          id: true,
          name: true,
          email: true,
          active: true,
          lastSignInAt: true,
          invitations: { where: { workspaceId, usedAt: null }, orderBy: { createdAt: "desc" }, take: 1, select: { expiresAt: true } },
        },
      },
    },
    take: 1000,
  });
  return rows
    .filter((r) => isRole(r.role))
    .map((r) => {
      const invitation = r.user.invitations[0];
      const status: MemberView["status"] =
        r.deactivatedAt || !r.user.active ? "deactivated" : invitation && !r.user.lastSignInAt ? "invited" : "active";
      return {
        userId: r.user.id,
        name: r.user.name,
        email: r.user.email,
        role: r.role as Role,
        status,
        lastSignInAt: r.user.lastSignInAt?.toISOString() ?? null,
        invitationExpiresAt: status === "invited" && invitation ? invitation.expiresAt.toISOString() : null,
        joinedAt: r.createdAt.toISOString(),
      };
    })
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name));
}

export const INVITATION_DAYS = 7;
const inviteHash = (secret: string) => createHash("sha256").update(secret).digest("hex");

/**
 * Invites a new person: creates their account (no usable password) and
 * membership, and returns a one-time set-password secret, shown to the admin
 * once since no mail is sent. An email that already has an account is refused:
 * a link that sets someone's password must never reach an account its holder
 * already uses.
 */
export async function inviteMember(
  actor: MemberActor,
  input: { email: string; name: string; role: Role },
): Promise<Result<{ userId: string; secret: string; expiresAt: string }>> {
  if (hasRole(input.role, "admin") && !hasRole(actor.role, "owner")) {
    return fail("forbidden", "Only owners can invite admins or owners.", { role: ["Only owners can invite admins or owners"] });
  }
  const secret = randomBytes(32).toString("base64url");
  // 7 × 24 hours: addDays counts calendar days in the server's time zone, an hour off across a DST change.
  const expiresAt = addHours(new Date(), INVITATION_DAYS * 24);
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.user.findUnique({
        where: { email: input.email },
        select: { id: true, passwordHash: true, lastSignInAt: true, memberships: { select: { workspaceId: true } } },
      });
      // Invited here, never used, in no other workspace: a new link replaces this workspace's old ones (e.g. an expired one).
      const pendingHere =
        existing?.passwordHash.startsWith("invited$") &&
        !existing.lastSignInAt &&
        existing.memberships.every((m) => m.workspaceId === actor.workspace.id);
      if (existing && pendingHere) {
        // The same rule as role changes: only owners touch an admin's or owner's membership, a pending one included
        // (an admin re-inviting a pending owner would demote them and take over their set-password link).
        const current = await tx.membership.findUnique({
          where: { userId_workspaceId: { userId: existing.id, workspaceId: actor.workspace.id } },
          select: { role: true },
        });
        if (current && hasRole(current.role, "admin") && !hasRole(actor.role, "owner")) {
          return fail("forbidden", "Only owners can change an admin's or owner's invitation.", {
            email: ["Invited as an admin or owner; only owners can send a new link"],
          });
        }
        await tx.invitation.updateMany({ where: { userId: existing.id, usedAt: null }, data: { usedAt: new Date() } });
        await tx.membership.upsert({
          where: { userId_workspaceId: { userId: existing.id, workspaceId: actor.workspace.id } },
          create: { userId: existing.id, workspaceId: actor.workspace.id, role: input.role },
          update: { role: input.role, deactivatedAt: null },
        });
        await tx.invitation.create({
          data: { workspaceId: actor.workspace.id, userId: existing.id, hash: inviteHash(secret), expiresAt, createdById: actor.user.id },
        });
        await recordEvent(tx, actor, "member.invited", { id: existing.id, name: input.name }, `as ${input.role} (new link)`);
        return ok({ userId: existing.id, secret, expiresAt: expiresAt.toISOString() });
      }
      if (existing) {
        const member = await tx.membership.findUnique({
          where: { userId_workspaceId: { userId: existing.id, workspaceId: actor.workspace.id } },
          select: { id: true },
        });
        const message = member ? "This person is already a member of this workspace." : "This email already has a Tollgate account.";
        return fail("conflict", message, {
          email: [member ? "Already a member" : "Already has an account; ask them to sign in and an owner to add them"],
        });
      }
      // Nobody knows this password: the account opens only through the link (or single sign-on).
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash: `invited$${randomBytes(16).toString("base64url")}` },
      });
      await tx.membership.create({ data: { userId: user.id, workspaceId: actor.workspace.id, role: input.role } });
      await tx.invitation.create({
        data: { workspaceId: actor.workspace.id, userId: user.id, hash: inviteHash(secret), expiresAt, createdById: actor.user.id },
      });
      await recordEvent(tx, actor, "member.invited", { id: user.id, name: input.name }, `as ${input.role}`);
      return ok({ userId: user.id, secret, expiresAt: expiresAt.toISOString() });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      return fail("conflict", "This email already has a Tollgate account.", { email: ["Already has an account"] });
    throw error;
  }
}

/**
 * A new set-password link for someone invited here who has not used theirs
 * (lost, or sent to the wrong place): every earlier link stops working, in the
 * same transaction, and the event is audited. The rules of a re-invitation
 * apply: only owners renew an admin's or owner's link, and only for a person
 * invited to this workspace alone (a link sets the password of the account).
 */
export async function renewInvitation(
  actor: MemberActor,
  input: { userId: string },
): Promise<Result<{ secret: string; expiresAt: string; email: string }>> {
  const secret = randomBytes(32).toString("base64url");
  const expiresAt = addHours(new Date(), INVITATION_DAYS * 24);
  return db.$transaction(async (tx) => {
    const membership = await tx.membership.findUnique({
      where: { userId_workspaceId: { userId: input.userId, workspaceId: actor.workspace.id } },
      select: {
        role: true,
        deactivatedAt: true,
        user: {
          select: {
            id: true,
            email: true,
            name: true,
            passwordHash: true,
            lastSignInAt: true,
            memberships: { select: { workspaceId: true } },
          },
        },
      },
    });
    if (!membership) return fail("not_found", "This person is not in this workspace.");
    const { user } = membership;
    if (!user.passwordHash.startsWith("invited$") || user.lastSignInAt) {
      return fail("conflict", `${user.name} has already set a password and signs in as usual; no link is needed.`);
    }
    if (membership.deactivatedAt) return fail("conflict", `${user.name} is deactivated; reactivate them before sending a new link.`);
    if (hasRole(membership.role, "admin") && !hasRole(actor.role, "owner")) {
      return fail("forbidden", "Only owners can send a new link to someone invited as an admin or owner.");
    }
    if (user.memberships.some((m) => m.workspaceId !== actor.workspace.id)) {
      return fail("conflict", `${user.name} was invited to another workspace too; that workspace's link sets their password.`);
    }
    await tx.invitation.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: new Date() } });
    await tx.invitation.create({
      data: { workspaceId: actor.workspace.id, userId: user.id, hash: inviteHash(secret), expiresAt, createdById: actor.user.id },
    });
    await recordEvent(tx, actor, "member.invited", { id: user.id, name: user.name }, `as ${membership.role} (new link)`);
    return ok({ secret, expiresAt: expiresAt.toISOString(), email: user.email });
  });
}

type LiveInvitation = { id: string; workspaceId: string; user: { id: string; email: string; name: string }; workspace: { name: string } };

/**
 * A link sets a password only for an account nobody has used yet: once its
 * holder signed in (single sign-on can open an invited account too) or set
 * a password, every link to it is dead, so whoever created the link cannot
 * take the account over later.
 */
const UNUSED_ACCOUNT = { passwordHash: { startsWith: "invited$" }, lastSignInAt: null };

async function liveInvitation(tx: Tx | typeof db, secret: string): Promise<LiveInvitation | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
  const row = await tx.invitation.findFirst({
    where: { hash: inviteHash(secret), user: UNUSED_ACCOUNT },
    select: {
      id: true,
      workspaceId: true,
      usedAt: true,
      expiresAt: true,
      user: { select: { id: true, email: true, name: true } },
      workspace: { select: { name: true } },
    },
  });
  if (!row || row.usedAt || row.expiresAt.getTime() <= Date.now()) return null;
  return row;
}

const INVALID_LINK =
  "This link is not valid: it was already used, it expired, or it was copied incompletely. Ask an admin for a new invitation.";

/** What the set-password page shows for a link: whose account, which workspace; nothing when it is no longer valid. */
export async function invitationDetails(secret: string): Promise<Result<{ email: string; name: string; workspace: string }>> {
  const invitation = await liveInvitation(db, secret);
  if (!invitation) return fail("not_found", INVALID_LINK);
  return ok({ email: invitation.user.email, name: invitation.user.name, workspace: invitation.workspace.name });
}

/** Sets the invited person's password and uses the link up, in one transaction; a second use finds nothing. */
export async function acceptInvitation(
  secret: string,
  password: string,
  ip: string | null,
  userAgent: string | null,
): Promise<Result<{ email: string }>> {
  // scrypt costs 32 MiB: only for a link that is live now (checked again below, where it is used up).
  if (!(await liveInvitation(db, secret))) return fail("not_found", INVALID_LINK);
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const invitation = await liveInvitation(tx, secret);
    if (!invitation) return fail("not_found", INVALID_LINK);
    const { count } = await tx.invitation.updateMany({ where: { id: invitation.id, usedAt: null }, data: { usedAt: new Date() } });
    if (count !== 1) return fail("not_found", INVALID_LINK);
    const { count: set } = await tx.user.updateMany({ where: { id: invitation.user.id, ...UNUSED_ACCOUNT }, data: { passwordHash } });
    if (set !== 1) return fail("not_found", INVALID_LINK);
    await tx.invitation.updateMany({ where: { userId: invitation.user.id, usedAt: null }, data: { usedAt: new Date() } });
    await closeAllSessions(invitation.user.id, tx);
    const actor: Actor = {
      user: { id: invitation.user.id, email: invitation.user.email },
      workspace: { id: invitation.workspaceId },
      ip,
      userAgent,
    };
    await recordEvent(tx, actor, "member.joined", { id: invitation.workspaceId, name: invitation.workspace.name });
    return ok({ email: invitation.user.email });
  });
}
