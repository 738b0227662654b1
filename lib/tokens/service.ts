import type { AuditAction } from "../audit-actions";
import { db, type Tx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { fail, ok, type FieldErrors, type Result } from "../result";
import { ALL_RESOURCES_ONLY_REASON, needsAllResources, parseScopes, serializeScopes, type Scope } from "../scopes";
import { tokenCache } from "./cache";
import { displayParts, generateToken, hashToken, maskToken } from "./format";
import { announceRevocation } from "./revocations";

export interface Actor {
  user: { id: string; email: string };
  workspace: { id: string };
  ip: string | null;
  userAgent: string | null;
}

export interface NewToken {
  name: string;
  description: string;
  expiresAt: Date | null;
  scopes: Scope[];
  allResources: boolean;
  deviceIds: string[];
  groupIds: string[];
  siteIds: string[];
}

export interface IssuedToken {
  id: string;
  name: string;
  /** The only time the secret leaves the server. */
  plaintext: string;
  masked: string;
  expiresAt: string | null;
  /** What it may do, so the show-once view can offer an example that works. */
  scopes: Scope[];
}

const CHANGED_MESSAGE = "This token was changed by someone else. Reload the page and try again.";
const MISSING_MESSAGE = "This token no longer exists. Reload the page.";

function audit(tx: Tx, actor: Actor, action: AuditAction, token: { id: string; name: string }) {
  return tx.auditEvent.create({
    data: {
      workspaceId: actor.workspace.id,
      actorId: actor.user.id,
      actorEmail: actor.user.email,
      action,
      tokenId: token.id,
      tokenName: token.name,
      ip: actor.ip,
      userAgent: actor.userAgent,
    },
  });
}

/** Every id must name a resource of this workspace; reports the first field that does not. */
async function checkResources(workspaceId: string, input: NewToken): Promise<FieldErrors | null> {
  const unique = (ids: string[]) => [...new Set(ids)];
  const [devices, groups, sites] = await Promise.all([
    db.device.count({ where: { workspaceId, id: { in: unique(input.deviceIds) } } }),
    db.deviceGroup.count({ where: { workspaceId, id: { in: unique(input.groupIds) } } }),
    db.site.count({ where: { workspaceId, id: { in: unique(input.siteIds) } } }),
  ]);
  const errors: FieldErrors = {};
  if (devices !== unique(input.deviceIds).length) errors.deviceIds = ["One or more devices do not exist in this workspace"];
  if (groups !== unique(input.groupIds).length) errors.groupIds = ["One or more groups do not exist in this workspace"];
  if (sites !== unique(input.siteIds).length) errors.siteIds = ["One or more sites do not exist in this workspace"];
  return Object.keys(errors).length ? errors : null;
}

const SUSPENDED_MESSAGE =
  "This workspace is suspended, so tokens cannot be created or regenerated. Its existing tokens are refused until it is resumed.";

/** Read inside the transaction that writes, so a suspension cannot slip between check and write. */
async function suspended(tx: Tx, workspaceId: string) {
  const workspace = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { suspended: true } });
  return workspace?.suspended ?? true;
}

class Suspended extends Error {}

export async function createToken(actor: Actor, input: NewToken): Promise<Result<IssuedToken>> {
  const workspaceId = actor.workspace.id;
  const scoped = !input.allResources;
  if (scoped && input.scopes.some(needsAllResources)) {
    return fail("invalid", ALL_RESOURCES_ONLY_REASON, { scopes: [ALL_RESOURCES_ONLY_REASON] });
  }
  if (scoped) {
    const problems = await checkResources(workspaceId, input);
    if (problems) return fail("invalid", "Some selected resources are not available.", problems);
  }
  const plaintext = generateToken();
  try {
    const token = await db.$transaction(async (tx) => {
      if (await suspended(tx, workspaceId)) throw new Suspended();
      const created = await tx.apiToken.create({
        data: {
          workspaceId,
          name: input.name,
          description: input.description,
          hash: hashToken(plaintext),
          ...displayParts(plaintext),
          scopes: serializeScopes(input.scopes),
          allResources: input.allResources,
          expiresAt: input.expiresAt,
          createdById: actor.user.id,
          devices: scoped ? { create: [...new Set(input.deviceIds)].map((deviceId) => ({ deviceId })) } : undefined,
          groups: scoped ? { create: [...new Set(input.groupIds)].map((groupId) => ({ groupId })) } : undefined,
          sites: scoped ? { create: [...new Set(input.siteIds)].map((siteId) => ({ siteId })) } : undefined,
        },
        select: { id: true, name: true, prefix: true, lastFour: true, expiresAt: true, scopes: true },
      });
      await audit(tx, actor, "token.created", created);
      return created;
    });
    return ok({
      id: token.id,
      name: token.name,
      plaintext,
      masked: maskToken(token),
      expiresAt: token.expiresAt?.toISOString() ?? null,
      scopes: parseScopes(token.scopes),
    });
  } catch (error) {
    if (error instanceof Suspended) return fail("forbidden", SUSPENDED_MESSAGE);
    if (isUniqueViolation(error)) {
      return fail("conflict", "A token with this name already exists.", {
        name: ["A token with this name already exists in this workspace"],
      });
    }
    throw error;
  }
}

async function explainMiss(workspaceId: string, tokenId: string): Promise<Result<never>> {
  const exists = await db.apiToken.findFirst({ where: { id: tokenId, workspaceId }, select: { id: true } });
  return exists ? fail("conflict", CHANGED_MESSAGE) : fail("not_found", MISSING_MESSAGE);
}

/** Issues a new secret; succeeds only if nobody changed the token since `version` was read. */
export async function regenerateToken(
  actor: Actor,
  input: { tokenId: string; version: number; expiresAt: Date | null },
): Promise<Result<IssuedToken>> {
  const workspaceId = actor.workspace.id;
  const plaintext = generateToken();
  const display = displayParts(plaintext);
  const outcome = await db.$transaction(async (tx) => {
    if (await suspended(tx, workspaceId)) return "suspended" as const;
    const current = await tx.apiToken.findFirst({
      where: { id: input.tokenId, workspaceId },
      select: { id: true, name: true, hash: true, scopes: true },
    });
    if (!current) return null;
    const { count } = await tx.apiToken.updateMany({
      where: { id: input.tokenId, workspaceId, version: input.version },
      data: {
        hash: hashToken(plaintext),
        ...display,
        expiresAt: input.expiresAt,
        regeneratedAt: new Date(),
        version: { increment: 1 },
      },
    });
    if (count !== 1) return null;
    await audit(tx, actor, "token.regenerated", current);
    await announceRevocation(tx, current.hash);
    return current;
  });
  if (outcome === "suspended") return fail("forbidden", SUSPENDED_MESSAGE);
  if (!outcome) return explainMiss(workspaceId, input.tokenId);
  tokenCache.evict(outcome.hash);
  return ok({
    id: outcome.id,
    name: outcome.name,
    plaintext,
    masked: maskToken(display),
    expiresAt: input.expiresAt?.toISOString() ?? null,
    scopes: parseScopes(outcome.scopes),
  });
}

/** Permanently removes the token and its hash; succeeds only at the `version` the admin saw. */
export async function deleteToken(
  actor: Actor,
  input: { tokenId: string; version: number },
): Promise<Result<{ id: string; name: string }>> {
  const workspaceId = actor.workspace.id;
  const outcome = await db.$transaction(async (tx) => {
    const current = await tx.apiToken.findFirst({
      where: { id: input.tokenId, workspaceId },
      select: { id: true, name: true, hash: true, scopes: true },
    });
    if (!current) return null;
    const { count } = await tx.apiToken.deleteMany({ where: { id: input.tokenId, workspaceId, version: input.version } });
    if (count !== 1) return null;
    await audit(tx, actor, "token.deleted", current);
    await announceRevocation(tx, current.hash);
    return current;
  });
  if (!outcome) return explainMiss(workspaceId, input.tokenId);
  tokenCache.evict(outcome.hash);
  return ok({ id: outcome.id, name: outcome.name });
}
