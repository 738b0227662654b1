// What an operator does to a new production database: create the first
// workspace and its owner (`npm run tollgate -- owner create …`), and remove
// the demo data a laptop start seeded (`npm run tollgate -- demo remove`).
import { createHash, randomBytes } from "node:crypto";
import { addHours } from "date-fns";
import { z } from "zod";
import { db } from "../db/client";
import { fail, ok, type Result } from "../result";
import { announceWorkspaceChange } from "../tokens/revocations";
import { INVITATION_DAYS } from "./people";

export const firstOwnerSchema = z.object({
  email: z
    .email("Not an email address")
    .max(254)
    .transform((v) => v.toLowerCase()),
  name: z.string().trim().min(1, "Give the owner's name").max(100),
  workspace: z.string().trim().min(1, "Give the workspace's name").max(100),
  slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, "Lower-case letters, digits and inner hyphens, at most 64 characters"),
});
export type FirstOwnerInput = z.input<typeof firstOwnerSchema>;

/** Recorded as the actor of what operators do from the command line. */
const OPERATOR = "operator (npm run tollgate)";

/**
 * A new workspace with one owner. A new person gets an account nobody can
 * sign in to yet and a one-time set-password link (only its hash is stored,
 * as for invitations); an existing account becomes the owner and signs in as
 * before (no link). One transaction.
 */
export async function createFirstOwner(
  input: FirstOwnerInput,
  /** Slugs `demo remove` deletes: never given to a real workspace. */
  reservedSlugs: readonly string[] = [],
): Promise<Result<{ workspaceId: string; existingAccount: boolean; secret: string | null; expiresAt: Date }>> {
  const parsed = firstOwnerSchema.safeParse(input);
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    return fail("invalid", "Some values are not valid.", fieldErrors);
  }
  const { email, name, workspace, slug } = parsed.data;
  if (reservedSlugs.includes(slug)) {
    return fail("invalid", `“${slug}” is a demo workspace's slug, which \`demo remove\` deletes. Choose another.`, { slug: ["Reserved"] });
  }
  const expiresAt = addHours(new Date(), INVITATION_DAYS * 24);
  return db.$transaction(async (tx) => {
    if (await tx.workspace.findUnique({ where: { slug }, select: { id: true } })) {
      return fail("conflict", `A workspace with the slug “${slug}” exists already.`, { slug: ["Taken"] });
    }
    const created = await tx.workspace.create({ data: { slug, name: workspace } });
    const found = await tx.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, lastSignInAt: true } });
    // An account invited somewhere but never used has no password its holder knows: whoever holds its link would own
    // this workspace. It gets a fresh link (to the operator) and every earlier link dies.
    const unused = Boolean(found?.passwordHash.startsWith("invited$") && found.lastSignInAt === null);
    if (found && unused) await tx.invitation.updateMany({ where: { userId: found.id, usedAt: null }, data: { usedAt: new Date() } });
    const existing = unused ? null : found;
    const user =
      found ?? (await tx.user.create({ data: { email, name, passwordHash: `invited$${randomBytes(16).toString("base64url")}` } }));
    await tx.membership.create({ data: { userId: user.id, workspaceId: created.id, role: "owner" } });
    let secret: string | null = null;
    if (!existing) {
      secret = randomBytes(32).toString("base64url");
      const hash = createHash("sha256").update(secret).digest("hex");
      await tx.invitation.create({ data: { workspaceId: created.id, userId: user.id, hash, expiresAt } });
    }
    await tx.auditEvent.create({
      data: {
        workspaceId: created.id,
        actorEmail: OPERATOR,
        action: "member.invited",
        tokenId: user.id,
        tokenName: name,
        detail: existing ? "as owner (existing account)" : "as owner",
      },
    });
    return ok({ workspaceId: created.id, existingAccount: Boolean(existing), secret, expiresAt });
  });
}

/**
 * Deletes the named workspaces (with everything in them: tokens, resources,
 * audit) and the accounts of the given email domains that belong to no
 * other workspace. Every server drops the workspaces' tokens from its cache.
 */
export async function removeWorkspaces(slugs: readonly string[], emailDomains: readonly string[]) {
  return db.$transaction(async (tx) => {
    // Only the seeded ones: the slug, and an account of the demo's email domains in it.
    const workspaces = await tx.workspace.findMany({
      where: {
        slug: { in: [...slugs] },
        memberships: { some: { user: { OR: emailDomains.map((domain) => ({ email: { endsWith: `@${domain}` } })) } } },
      },
      select: { id: true, slug: true },
      orderBy: { slug: "asc" },
    });
    const ids = workspaces.map((w) => w.id);
    for (const id of ids) await announceWorkspaceChange(tx, id);
    await tx.workspace.deleteMany({ where: { id: { in: ids } } });
    const users = await tx.user.deleteMany({
      where: { OR: emailDomains.map((domain) => ({ email: { endsWith: `@${domain}` } })), memberships: { none: {} } },
    });
    return { workspaces: workspaces.map((w) => w.slug), users: users.count };
  });
}
