import { addDays } from "date-fns";
import type { AuditAction } from "../audit-actions";
import { type Actor, recordEvent } from "../audit";
import { asEnvironment, type Environment } from "../environments";
import { db, provider, type Tx } from "../db/client";
import { isForeignKeyViolation, isUniqueViolation } from "../db/errors";
import { fail, ok, type FieldErrors, type Result } from "../result";
import { parseScopes, type Scope, scopeRefusal, serializeScopes } from "../scopes";
import { displayParts, generateToken, hashToken, maskToken } from "./format";
import { serializeAllowlist } from "./allowlist";
import { latestAllowedExpiry, lifetimeProblem, type MaxLifetime, normalizeMaxLifetime } from "./policy";
import { hasRole, isRole } from "../roles";
import { mayCreatePersonalTokens, roleCapReason } from "./personal";
import { announceRevocations, announceWorkspaceChange, evictValues } from "./revocations";
import { effectiveDefaultRateLimit } from "./request-limit";
import { tokenCache } from "./cache";
import { enqueueEvent } from "../webhooks/deliveries";
import { type OverlapChoice, overlapEnd } from "./rotation";

export type { Actor };

export interface NewToken {
  name: string;
  description: string;
  expiresAt: Date | null;
  scopes: Scope[];
  allResources: boolean;
  deviceIds: string[];
  groupIds: string[];
  siteIds: string[];
  /** Normalised addresses and ranges (lib/tokens/allowlist.ts); empty: any address. */
  ipAllowlist?: string[];
  /** live (the default) or test: which copy of the resources it reaches; also its prefix. */
  environment?: Environment;
  /** Requests per minute; null or missing: the server default. */
  rateLimitPerMinute?: number | null;
  /** Makes it a personal token (tg_user_) of this user: all resources, live, scopes within their role. */
  ownerId?: string | null;
}

/**
 * Which tokens an action may touch: `null` only workspace tokens, a user id
 * only that person's own personal tokens, undefined any token of the
 * workspace. Regenerate, edit and shorten default to `null` (nobody
 * regenerates another person's token, so nobody sees its new value); delete
 * defaults to any (admins may delete a member's personal token).
 */
export type OwnerFilter = string | null | undefined;

const ownerWhere = (ownerId: OwnerFilter) => (ownerId === undefined ? {} : { ownerId });

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
  return recordEvent(tx, actor, action, token);
}

/**
 * Every id must name a resource of this workspace in the token's environment;
 * reports each field that does not. Run inside the creating transaction, so a
 * sandbox reset or another change between check and write is a field error,
 * not an internal one.
 */
async function checkResources(tx: Tx, workspaceId: string, environment: Environment, input: NewToken): Promise<FieldErrors | null> {
  const unique = (ids: string[]) => [...new Set(ids)];
  const home = { workspaceId, environment };
  const devices = await tx.device.count({ where: { ...home, id: { in: unique(input.deviceIds) } } });
  const groups = await tx.deviceGroup.count({ where: { ...home, id: { in: unique(input.groupIds) } } });
  const sites = await tx.site.count({ where: { ...home, id: { in: unique(input.siteIds) } } });
  const where = environment === "test" ? "in this workspace's test environment" : "in this workspace";
  const errors: FieldErrors = {};
  if (devices !== unique(input.deviceIds).length) errors.deviceIds = [`One or more devices do not exist ${where}`];
  if (groups !== unique(input.groupIds).length) errors.groupIds = [`One or more groups do not exist ${where}`];
  if (sites !== unique(input.siteIds).length) errors.siteIds = [`One or more sites do not exist ${where}`];
  return Object.keys(errors).length ? errors : null;
}

const SUSPENDED_MESSAGE =
  "This workspace is suspended, so tokens cannot be created or regenerated. Its existing tokens are refused until it is resumed.";

/**
 * Read inside the transaction that writes, so a suspension or a new lifetime
 * policy cannot slip between check and write: on PostgreSQL the row is read
 * FOR SHARE, which waits for (and blocks) a concurrent update of it; SQLite
 * transactions here begin IMMEDIATE and run one at a time.
 */
async function workspaceRules(tx: Tx, workspaceId: string) {
  const workspace =
    provider === "postgres"
      ? (
          await tx.$queryRaw<
            {
              suspended: boolean;
              maxTokenLifetimeDays: number | null;
              personalTokensEnabled: boolean;
              defaultRateLimitPerMinute: number | null;
            }[]
          >`
            SELECT "suspended", "maxTokenLifetimeDays", "personalTokensEnabled", "defaultRateLimitPerMinute"
            FROM "Workspace" WHERE "id" = ${workspaceId} FOR SHARE`
        )[0]
      : await tx.workspace.findUnique({
          where: { id: workspaceId },
          select: { suspended: true, maxTokenLifetimeDays: true, personalTokensEnabled: true, defaultRateLimitPerMinute: true },
        });
  return {
    suspended: workspace?.suspended ?? true,
    maxDays: normalizeMaxLifetime(workspace?.maxTokenLifetimeDays),
    personalTokensEnabled: Boolean(workspace?.personalTokensEnabled),
    defaultRateLimit: effectiveDefaultRateLimit(workspace?.defaultRateLimitPerMinute),
  };
}

class Suspended extends Error {}

/** A personal token its owner may not have now (the setting, their role, or a scope beyond it). */
class NotForOwner extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
  }
}

export const PERSONAL_OFF_MESSAGE = "Personal API tokens are not switched on for members of this workspace. Ask an admin or owner.";

/**
 * Read in the transaction that writes a personal token: the owner's role and
 * the setting now, so a demotion or the setting switched off cannot slip in
 * between. The scopes must all be within what the role allows.
 */
async function checkOwner(
  tx: Tx,
  workspaceId: string,
  ownerId: string,
  personalTokensEnabled: boolean,
  scopes: readonly Scope[],
  creating?: { rateLimitPerMinute: number | null; defaultRateLimit: number },
) {
  const membership = await tx.membership.findUnique({
    where: { userId_workspaceId: { userId: ownerId, workspaceId } },
    select: { role: true, deactivatedAt: true },
  });
  const role = membership && !membership.deactivatedAt && isRole(membership.role) ? membership.role : null;
  if (!role) throw new NotForOwner("You are no longer an active member of this workspace.");
  if (!mayCreatePersonalTokens(role, personalTokensEnabled)) throw new NotForOwner(PERSONAL_OFF_MESSAGE);
  const beyond = scopes.filter((scope) => roleCapReason(role, scope) !== null);
  if (beyond.length > 0) {
    const message = `Your role (${role}) does not allow ${beyond.join(", ")}: ${roleCapReason(role, beyond[0])}.`;
    throw new NotForOwner(message, { scopes: [message] });
  }
  if (!creating) return;
  const owned = await tx.apiToken.count({ where: { workspaceId, ownerId } });
  if (owned >= MAX_PERSONAL_TOKENS) {
    throw new NotForOwner(`You have ${owned} personal tokens, the most one person may hold here. Delete one you no longer use.`);
  }
  // A member's token may not be allowed more than the workspace default: members cannot raise their own limits.
  const ceiling = creating.defaultRateLimit;
  if (!hasRole(role, "admin") && ceiling > 0 && creating.rateLimitPerMinute !== null && creating.rateLimitPerMinute > ceiling) {
    const message = `Members' personal tokens may make at most ${ceiling.toLocaleString("en-US")} requests per minute.`;
    throw new NotForOwner(message, { rateLimitPerMinute: [message] });
  }
}

/** Personal tokens per person per workspace. */
export const MAX_PERSONAL_TOKENS = 20;

/** An expiry the workspace's lifetime policy refuses; the message names the policy. */
class BeyondPolicy extends Error {}

const RESOURCES_GONE = "Some selected resources are not available.";
class ResourcesGone extends Error {
  constructor(readonly fieldErrors: FieldErrors) {
    super(RESOURCES_GONE);
  }
}

function checkLifetime(expires: Date | null, maxDays: number | null) {
  const problem = lifetimeProblem(expires, maxDays);
  if (problem) throw new BeyondPolicy(problem);
}

function beyondPolicy(error: BeyondPolicy) {
  return fail("invalid", error.message, { expiry: [error.message] });
}

export async function createToken(actor: Actor, input: NewToken): Promise<Result<IssuedToken>> {
  const workspaceId = actor.workspace.id;
  const scoped = !input.allResources;
  const refusal = input.scopes
    .map((scope) => scopeRefusal(scope, { allResources: input.allResources, environment: input.environment ?? "live" }))
    .find(Boolean);
  if (refusal) return fail("invalid", refusal, { scopes: [refusal] });
  const ownerId = input.ownerId ?? null;
  // A personal token acts as its owner: in live, on what they can see.
  if (ownerId && (scoped || (input.environment ?? "live") !== "live")) {
    return fail("invalid", "A personal token reaches all resources in the live environment.");
  }
  const environment = input.environment ?? "live";
  const plaintext = generateToken(environment, ownerId ? "personal" : "workspace");
  try {
    const token = await db.$transaction(async (tx) => {
      const rules = await workspaceRules(tx, workspaceId);
      if (rules.suspended) throw new Suspended();
      if (ownerId) {
        await checkOwner(tx, workspaceId, ownerId, rules.personalTokensEnabled, input.scopes, {
          rateLimitPerMinute: input.rateLimitPerMinute ?? null,
          defaultRateLimit: rules.defaultRateLimit,
        });
      }
      checkLifetime(input.expiresAt, rules.maxDays);
      if (scoped) {
        const problems = await checkResources(tx, workspaceId, environment, input);
        if (problems) throw new ResourcesGone(problems);
      }
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
          ipAllowlist: serializeAllowlist(input.ipAllowlist ?? []),
          environment,
          rateLimitPerMinute: input.rateLimitPerMinute ?? null,
          createdById: actor.user.id,
          ownerId,
          nameScope: ownerId ?? "",
          devices: scoped ? { create: [...new Set(input.deviceIds)].map((deviceId) => ({ deviceId })) } : undefined,
          groups: scoped ? { create: [...new Set(input.groupIds)].map((groupId) => ({ groupId })) } : undefined,
          sites: scoped ? { create: [...new Set(input.siteIds)].map((siteId) => ({ siteId })) } : undefined,
        },
        select: { id: true, name: true, prefix: true, lastFour: true, expiresAt: true, scopes: true },
      });
      await audit(tx, actor, "token.created", created);
      await enqueueEvent(tx, workspaceId, "token.created", { ...created, environment }, { actor: actor.user.email });
      return created;
    });
    // A value nobody has seen cannot be cached as unknown anywhere; forgetting it here costs nothing.
    tokenCache.evict(hashToken(plaintext));
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
    if (error instanceof ResourcesGone) return fail("invalid", error.message, error.fieldErrors);
    // On PostgreSQL a resource deleted by a transaction that commits after the check fails the link's foreign key.
    if (scoped && isForeignKeyViolation(error)) {
      return fail("invalid", RESOURCES_GONE, { resources: ["A selected device, group or site was just removed; choose again"] });
    }
    if (error instanceof BeyondPolicy) return beyondPolicy(error);
    if (error instanceof NotForOwner) return fail(error.fieldErrors ? "invalid" : "forbidden", error.message, error.fieldErrors);
    if (isUniqueViolation(error)) return nameTaken(ownerId);
    throw error;
  }
}

/** Names are unique among the workspace's tokens, and among each person's own personal tokens: never across the two. */
function nameTaken(ownerId: string | null | undefined): Result<never> {
  const message = ownerId ? "You already have a personal token with this name" : "A workspace token with this name already exists";
  return fail("conflict", `${message}.`, { name: [message] });
}

async function explainMiss(workspaceId: string, tokenId: string, ownerId?: OwnerFilter): Promise<Result<never>> {
  const exists = await db.apiToken.findFirst({ where: { id: tokenId, workspaceId, ...ownerWhere(ownerId) }, select: { id: true } });
  return exists ? fail("conflict", CHANGED_MESSAGE) : fail("not_found", MISSING_MESSAGE);
}

/** Issues a new secret; succeeds only if nobody changed the token since `version` was read. */
export async function regenerateToken(
  actor: Actor,
  input: { tokenId: string; version: number; expiresAt: Date | null; overlap?: OverlapChoice; ownerId?: OwnerFilter },
): Promise<Result<IssuedToken>> {
  const workspaceId = actor.workspace.id;
  // The new value keeps the token's environment (its prefix); known once the row is read.
  let plaintext = "";
  // The value being replaced keeps working until then (a rotation overlap), or stops now.
  const oldValueUntil = overlapEnd(input.overlap ?? "now");
  const outcome = await db.$transaction(async (tx) => {
    const rules = await workspaceRules(tx, workspaceId);
    if (rules.suspended) return "suspended" as const;
    const problem = lifetimeProblem(input.expiresAt, rules.maxDays);
    if (problem) return { problem };
    const current = await tx.apiToken.findFirst({
      where: { id: input.tokenId, workspaceId, ...ownerWhere(input.ownerId ?? null) },
      select: { id: true, name: true, hash: true, previousHash: true, scopes: true, environment: true, ownerId: true },
    });
    if (!current) return null;
    if (current.ownerId) {
      try {
        await checkOwner(tx, workspaceId, current.ownerId, rules.personalTokensEnabled, parseScopes(current.scopes));
      } catch (error) {
        if (error instanceof NotForOwner) return { refused: error.message };
        throw error;
      }
    }
    plaintext = generateToken(asEnvironment(current.environment), current.ownerId ? "personal" : "workspace");
    const { count } = await tx.apiToken.updateMany({
      where: { id: input.tokenId, workspaceId, version: input.version, ...ownerWhere(input.ownerId ?? null) },
      data: {
        hash: hashToken(plaintext),
        ...displayParts(plaintext),
        expiresAt: input.expiresAt,
        regeneratedAt: new Date(),
        // An overlap still running from an earlier regeneration ends here: only one old value at a time.
        previousHash: oldValueUntil ? current.hash : null,
        previousExpiresAt: oldValueUntil,
        version: { increment: 1 },
      },
    });
    if (count !== 1) return null;
    await audit(tx, actor, "token.regenerated", current);
    await enqueueEvent(tx, workspaceId, "token.regenerated", { ...current, expiresAt: input.expiresAt }, { actor: actor.user.email });
    // Every server drops both values from its cache: the current one comes back as "old value until …" or not at all.
    await announceRevocations(tx, current);
    return current;
  });
  if (outcome === "suspended") return fail("forbidden", SUSPENDED_MESSAGE);
  if (outcome && "refused" in outcome) return fail("forbidden", String(outcome.refused));
  if (outcome && "problem" in outcome) return beyondPolicy(new BeyondPolicy(outcome.problem));
  if (!outcome) return explainMiss(workspaceId, input.tokenId, input.ownerId ?? null);
  evictValues(outcome);
  tokenCache.evict(hashToken(plaintext));
  return ok({
    id: outcome.id,
    name: outcome.name,
    plaintext,
    masked: maskToken(displayParts(plaintext)),
    expiresAt: input.expiresAt?.toISOString() ?? null,
    scopes: parseScopes(outcome.scopes),
  });
}

/** Permanently removes the token and its hash; succeeds only at the `version` the admin saw. */
export async function deleteToken(
  actor: Actor,
  input: { tokenId: string; version: number; ownerId?: OwnerFilter },
): Promise<Result<{ id: string; name: string }>> {
  const workspaceId = actor.workspace.id;
  const outcome = await db.$transaction(async (tx) => {
    const current = await tx.apiToken.findFirst({
      where: { id: input.tokenId, workspaceId, ...ownerWhere(input.ownerId) },
      select: { id: true, name: true, hash: true, previousHash: true },
    });
    if (!current) return null;
    const { count } = await tx.apiToken.deleteMany({
      where: { id: input.tokenId, workspaceId, version: input.version, ...ownerWhere(input.ownerId) },
    });
    if (count !== 1) return null;
    await audit(tx, actor, "token.deleted", current);
    await enqueueEvent(tx, workspaceId, "token.deleted", current, { actor: actor.user.email });
    // Both values end at once, also an old one still in its rotation overlap.
    await announceRevocations(tx, current);
    return current;
  });
  if (!outcome) return explainMiss(workspaceId, input.tokenId, input.ownerId);
  evictValues(outcome);
  return ok({ id: outcome.id, name: outcome.name });
}

/**
 * Owners set the requests per minute of tokens without a limit of their own
 * (null: the server's default). Audited; on PostgreSQL every server drops
 * the workspace's cached tokens when it commits, and this one right after,
 * so the next request of each token is counted against the new limit.
 */
export async function setDefaultRateLimit(
  actor: Actor & { workspace: { name: string } },
  perMinute: number | null,
): Promise<Result<{ perMinute: number | null; effective: number }>> {
  const workspaceId = actor.workspace.id;
  const changed = await db.$transaction(async (tx) => {
    const current = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { defaultRateLimitPerMinute: true } });
    // Saying the same thing twice changes nothing and records nothing.
    if (!current || current.defaultRateLimitPerMinute === perMinute) return false;
    await tx.workspace.update({ where: { id: workspaceId }, data: { defaultRateLimitPerMinute: perMinute } });
    const effective = effectiveDefaultRateLimit(perMinute);
    const detail =
      perMinute === null
        ? `to the server default (${effective > 0 ? `${effective.toLocaleString("en-US")} per minute` : "no limit"})`
        : `to ${perMinute.toLocaleString("en-US")} per minute`;
    await recordEvent(tx, actor, "workspace.rate_limit_changed", { id: workspaceId, name: actor.workspace.name }, detail);
    await announceWorkspaceChange(tx, workspaceId);
    return true;
  });
  if (changed) tokenCache.evictWorkspace(workspaceId);
  return ok({ perMinute, effective: effectiveDefaultRateLimit(perMinute) });
}

/** Owners set the longest a token may live; existing tokens beyond it are listed as out of policy. */
export async function setLifetimePolicy(
  actor: Actor & { workspace: { name: string } },
  maxDays: MaxLifetime,
): Promise<Result<{ maxDays: MaxLifetime }>> {
  const workspaceId = actor.workspace.id;
  const words = (days: number | null) => (days === null ? "no maximum" : `${days} days`);
  await db.$transaction(async (tx) => {
    const current = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { maxTokenLifetimeDays: true } });
    // Saying the same thing twice changes nothing and records nothing.
    if (!current || current.maxTokenLifetimeDays === maxDays) return;
    await tx.workspace.update({ where: { id: workspaceId }, data: { maxTokenLifetimeDays: maxDays } });
    const detail = `from ${words(current.maxTokenLifetimeDays)} to ${words(maxDays)}`;
    await recordEvent(tx, actor, "workspace.lifetime_policy_changed", { id: workspaceId, name: actor.workspace.name }, detail);
  });
  return ok({ maxDays });
}

/**
 * Brings an out-of-policy token within the policy: it now expires the
 * maximum lifetime from now. Evicted from every server's cache, since
 * a shorter life must hold on the next request.
 */
export async function capTokenExpiry(
  actor: Actor,
  input: { tokenId: string; version: number; ownerId?: OwnerFilter },
): Promise<Result<{ id: string; name: string; expiresAt: string }>> {
  const workspaceId = actor.workspace.id;
  const outcome = await db.$transaction(async (tx) => {
    const { maxDays } = await workspaceRules(tx, workspaceId);
    if (maxDays === null) return "no_policy" as const;
    const current = await tx.apiToken.findFirst({
      where: { id: input.tokenId, workspaceId, ...ownerWhere(input.ownerId ?? null) },
      select: { id: true, name: true, hash: true, previousHash: true, expiresAt: true },
    });
    if (!current) return null;
    if (current.expiresAt && current.expiresAt <= latestAllowedExpiry(maxDays)) {
      return { ...current, expiresAt: current.expiresAt, changed: false };
    }
    // Exactly the maximum from now, as the matching preset would give a new token.
    const latest = addDays(new Date(), maxDays);
    const { count } = await tx.apiToken.updateMany({
      where: { id: input.tokenId, workspaceId, version: input.version, ...ownerWhere(input.ownerId ?? null) },
      data: { expiresAt: latest, version: { increment: 1 } },
    });
    if (count !== 1) return null;
    await audit(tx, actor, "token.expiry_shortened", current);
    await announceRevocations(tx, current);
    return { ...current, expiresAt: latest, changed: true };
  });
  if (outcome === "no_policy") return fail("invalid", "This workspace has no maximum token lifetime.");
  if (!outcome) return explainMiss(workspaceId, input.tokenId, input.ownerId ?? null);
  if (outcome.changed) evictValues(outcome);
  return ok({ id: outcome.id, name: outcome.name, expiresAt: outcome.expiresAt.toISOString() });
}

/**
 * Edits what may change after creation: name, description and IP allowlist
 * (narrowing the allowlist is how admins answer an incident), at the
 * `version` the admin saw. Evicted from every server's cache, so a new
 * allowlist holds on the next request.
 */
export async function updateToken(
  actor: Actor,
  input: { tokenId: string; version: number; name: string; description: string; ipAllowlist: string[]; ownerId?: OwnerFilter },
): Promise<Result<{ id: string; name: string }>> {
  const workspaceId = actor.workspace.id;
  try {
    const outcome = await db.$transaction(async (tx) => {
      const current = await tx.apiToken.findFirst({
        where: { id: input.tokenId, workspaceId, ...ownerWhere(input.ownerId ?? null) },
        select: { id: true, name: true, hash: true, previousHash: true },
      });
      if (!current) return null;
      const { count } = await tx.apiToken.updateMany({
        where: { id: input.tokenId, workspaceId, version: input.version, ...ownerWhere(input.ownerId ?? null) },
        data: {
          name: input.name,
          description: input.description,
          ipAllowlist: serializeAllowlist(input.ipAllowlist),
          version: { increment: 1 },
        },
      });
      if (count !== 1) return null;
      await audit(tx, actor, "token.updated", { id: current.id, name: input.name });
      await announceRevocations(tx, current);
      return current;
    });
    if (!outcome) return explainMiss(workspaceId, input.tokenId, input.ownerId ?? null);
    evictValues(outcome);
    return ok({ id: outcome.id, name: input.name });
  } catch (error) {
    if (isUniqueViolation(error)) return nameTaken(input.ownerId);
    throw error;
  }
}
