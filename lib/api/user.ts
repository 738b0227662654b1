import { db } from "../db/client";
import { maskToken } from "../tokens/format";
import { scopesForRole } from "../tokens/personal";
import type { VerifiedToken } from "../tokens/verify";
import type { CurrentUserJson, OwnTokenJson } from "./schemas";

/** GET /api/v1/user/me: the person a personal token acts as (authenticate has checked it is one, and that they still have access). */
export async function describeOwner(token: VerifiedToken): Promise<CurrentUserJson | null> {
  const owner = token.owner;
  if (!owner?.role) return null;
  const workspace = await db.workspace.findUnique({ where: { id: token.workspaceId }, select: { id: true, slug: true, name: true } });
  if (!workspace) return null;
  const allowed = scopesForRole(owner.role);
  return {
    user: { id: owner.id, name: owner.name, email: owner.email },
    role: owner.role,
    workspace,
    allowed_scopes: token.scopes.filter((s) => allowed.includes(s)),
  };
}

/** GET /api/v1/user/tokens: the owner's own personal tokens in this workspace, masked, newest first. */
export async function listOwnTokens(token: VerifiedToken): Promise<OwnTokenJson[]> {
  if (!token.owner) return [];
  const rows = await db.apiToken.findMany({
    where: { workspaceId: token.workspaceId, ownerId: token.owner.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
    select: { id: true, name: true, prefix: true, lastFour: true, scopes: true, createdAt: true, expiresAt: true, lastUsedAt: true },
  });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    masked: maskToken(t),
    scopes: t.scopes.split(" ").filter(Boolean) as OwnTokenJson["scopes"],
    created_at: t.createdAt.toISOString(),
    expires_at: t.expiresAt?.toISOString() ?? null,
    last_used_at: t.lastUsedAt?.toISOString() ?? null,
  }));
}
