import { deserializeAllowlist } from "./allowlist";
import { effectiveDefaultRateLimit } from "./request-limit";
import { binder, db, readRows } from "../db/client";
import { outage, unreachable } from "../db/outage";
import { env } from "../env";
import { asEnvironment } from "../environments";
import { isRole } from "../roles";
import { parseScopes } from "../scopes";
import { tokenCache } from "./cache";
import { hashToken, parseToken } from "./format";
import { type LookupGate, lookupGate } from "./lookups";
import { metrics } from "../ops/metrics";
import { ownerProblem } from "./personal";
import { knownToken, type Refusal, type VerifiedToken } from "./verified";
import { cacheIsSafe, startRevocationListener } from "./revocations";

/**
 * The one way a presented secret becomes a token: format and checksum (no
 * database) → hash → cache or one shared read → expiry → workspace
 * suspension. Everything after it (scopes, reach) works on the VerifiedToken
 * (lib/tokens/verified.ts), which never carries the secret or its hash.
 */
export { type KnownToken, knownToken, type Refusal, type VerifiedToken } from "./verified";

export type Verification = { ok: true; token: VerifiedToken } | ({ ok: false } & Refusal);

// One lane per process (globalThis: Next.js may load this module more than once).
const lanes = globalThis as unknown as { tollgateUnfamiliarLookups?: LookupGate };
const unfamiliar = (lanes.tollgateUnfamiliarLookups ??= lookupGate(env.TOKEN_LOOKUP_CONCURRENCY, env.TOKEN_LOOKUP_QUEUE, () =>
  metrics.tokenLookupsShed.inc(),
));

/** Whether any token has this hash (current or old value): one plain statement through the driver, no Prisma compiler. */
async function anyTokenHas(hash: string): Promise<boolean> {
  const bind = binder();
  const probe = `SELECT "id" FROM "ApiToken" WHERE "hash" = ${bind(hash)} OR "previousHash" = ${bind(hash)} LIMIT 1`;
  return (await readRows<{ id: string }>(probe, bind.args)).length > 0;
}

/**
 * A value this server has never seen valid is probed first (most such values are guesses or a flood of
 * made-up ones, which end there for a fraction of the full read's CPU), in the narrow lane; a familiar
 * one, valid within the last day, goes straight to the full read.
 */
function loadUnfamiliar(hash: string): Promise<VerifiedToken | null> {
  return unfamiliar(async () => ((await anyTokenHas(hash)) ? loadToken(hash) : null));
}

async function loadToken(hash: string): Promise<VerifiedToken | null> {
  // The current value, or the one before it during a rotation overlap (both columns are unique).
  const row = await db.apiToken.findFirst({
    where: { OR: [{ hash }, { previousHash: hash }] },
    select: {
      id: true,
      name: true,
      workspaceId: true,
      scopes: true,
      allResources: true,
      expiresAt: true,
      createdAt: true,
      ipAllowlist: true,
      environment: true,
      rateLimitPerMinute: true,
      hash: true,
      previousExpiresAt: true,
      ownerId: true,
      workspace: { select: { name: true, suspended: true, personalTokensEnabled: true, defaultRateLimitPerMinute: true } },
      devices: { select: { deviceId: true } },
      groups: { select: { groupId: true } },
      sites: { select: { siteId: true } },
    },
  });
  if (!row) return null;
  const oldValueUntil = row.hash === hash ? null : (row.previousExpiresAt ?? new Date(0));
  let owner: VerifiedToken["owner"] = null;
  if (row.ownerId) {
    const person = await db.user.findUnique({
      where: { id: row.ownerId },
      select: {
        id: true,
        name: true,
        email: true,
        active: true,
        memberships: { where: { workspaceId: row.workspaceId }, select: { role: true, deactivatedAt: true } },
      },
    });
    const membership = person?.memberships[0];
    const role = membership && isRole(membership.role) ? membership.role : null;
    const problem = ownerProblem({
      role,
      deactivated: !person?.active || Boolean(membership?.deactivatedAt),
      personalTokensEnabled: row.workspace.personalTokensEnabled,
    });
    owner = { id: row.ownerId, name: person?.name ?? "", email: person?.email ?? "", role, problem };
  }
  return {
    id: row.id,
    name: row.name,
    workspaceId: row.workspaceId,
    workspaceName: row.workspace.name,
    workspaceSuspended: row.workspace.suspended,
    environment: asEnvironment(row.environment),
    rateLimitPerMinute: row.rateLimitPerMinute ?? effectiveDefaultRateLimit(row.workspace.defaultRateLimitPerMinute),
    scopes: parseScopes(row.scopes),
    allResources: row.allResources,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    deviceIds: row.devices.map((d) => d.deviceId),
    groupIds: row.groups.map((g) => g.groupId),
    siteIds: row.sites.map((s) => s.siteId),
    ipAllowlist: deserializeAllowlist(row.ipAllowlist),
    oldValueUntil,
    owner,
  };
}

/**
 * The database's answer for a hash, or, while it cannot be reached, the
 * token as this server read it within TOKEN_OUTAGE_GRACE_MS (0: never; such
 * a request fails and the API answers 503). Nothing can be revoked while the
 * database is unreachable, so the bound is how long a revocation made just
 * before an outage (or on the far side of a partition) may go unseen here.
 */
async function read(hash: string): Promise<VerifiedToken | null> {
  const stale = () => (env.TOKEN_OUTAGE_GRACE_MS > 0 ? tokenCache.stale(hash, env.TOKEN_OUTAGE_GRACE_MS) : undefined);
  if (!outage.shouldTry()) {
    const kept = stale();
    if (kept) return kept;
    throw unreachable();
  }
  try {
    const token = await tokenCache.load(hash, () => (tokenCache.isFamiliar(hash) ? loadToken(hash) : loadUnfamiliar(hash)), cacheIsSafe);
    outage.succeeded();
    return token;
  } catch (error) {
    const kept = outage.observe(error) ? stale() : undefined;
    if (kept) return kept;
    throw error;
  }
}

/**
 * Whether this server knows `presented` as a valid token right now, from its
 * cache alone (no I/O): a client address blocked for too many failures
 * (shared NAT, a CI runner) still lets such a value through, since the block
 * is there to stop guessing, not to lock out those who hold a real token.
 */
export function knownValid(presented: string): boolean {
  const parsed = parseToken(presented);
  if (!parsed.ok || !cacheIsSafe()) return false;
  const token = tokenCache.get(hashToken(parsed.token));
  return Boolean(token) && !token?.oldValueUntil && !(token?.expiresAt && token.expiresAt.getTime() <= Date.now());
}

/** The token a presented value names, or why it is refused. Last use is recorded by the caller, once every check has passed. */
export async function verifyToken(presented: string): Promise<Verification> {
  const parsed = parseToken(presented);
  if (!parsed.ok) return { ok: false, reason: parsed.reason === "checksum" ? "checksum" : "malformed" };
  const hash = hashToken(parsed.token);
  // Concurrent misses for one hash (e.g. when its entry expires under load) share one read.
  // A hash the database did not know a moment ago is cached as null: a repeated wrong value costs no query.
  const cached = cacheIsSafe() ? tokenCache.get(hash) : undefined;
  const token = cached !== undefined ? cached : await read(hash);
  if (!token) return { ok: false, reason: "unknown" };
  // An old value past its overlap is revoked, like any replaced value.
  if (token.oldValueUntil && token.oldValueUntil.getTime() <= Date.now()) {
    tokenCache.evict(hash);
    return { ok: false, reason: "unknown" };
  }
  if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) {
    tokenCache.evict(hash);
    return { ok: false, reason: "expired", expiredAt: token.expiresAt, token: knownToken(token) };
  }
  if (token.workspaceSuspended) return { ok: false, reason: "suspended", token: knownToken(token) };
  if (token.owner?.problem) return { ok: false, reason: token.owner.problem, token: knownToken(token) };
  return { ok: true, token };
}

/** Called once when the server starts (instrumentation.ts): other servers' revocations reach this one's cache. */
export function startVerifier() {
  startRevocationListener();
}
