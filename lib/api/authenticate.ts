import { db } from "../db/client";
import { clientIp } from "../http/client";
import { rateLimitKey } from "../http/trust";
import { limits } from "../rate-limit";
import { ALL_RESOURCES_ONLY_REASON, needsAllResources, parseScopes, type Scope } from "../scopes";
import { tokenCache, type VerifiedToken } from "../tokens/cache";
import { hashToken, parseToken } from "../tokens/format";
import { cacheIsSafe, ensureRevocationListener } from "../tokens/revocations";
import { apiError } from "./errors";
import { lastUsed } from "./last-used";

const MAX_HEADER_LENGTH = 512;

export type AuthOutcome = { ok: true; token: VerifiedToken; ip: string } | { ok: false; response: Response };

/** Reads the token from `Authorization: Bearer` or `x-api-key`; never from the URL. */
export function extractToken(headers: Headers): { token: string | null; conflict: boolean; malformedHeader: boolean } {
  const authorization = headers.get("authorization");
  const apiKey = headers.get("x-api-key");
  let bearer: string | null = null;
  let malformedHeader = false;
  if (authorization !== null) {
    const match = /^Bearer +(\S+) *$/i.exec(authorization.slice(0, MAX_HEADER_LENGTH + 16));
    if (match && authorization.length <= MAX_HEADER_LENGTH + 16) bearer = match[1];
    else malformedHeader = true;
  }
  const key = apiKey !== null ? apiKey.trim() : null;
  if (bearer !== null && key !== null && bearer !== key) return { token: null, conflict: true, malformedHeader };
  return { token: bearer ?? key, conflict: false, malformedHeader };
}

async function loadToken(hash: string): Promise<VerifiedToken | null> {
  const row = await db.apiToken.findUnique({
    where: { hash },
    select: {
      id: true,
      name: true,
      workspaceId: true,
      scopes: true,
      allResources: true,
      expiresAt: true,
      createdAt: true,
      workspace: { select: { name: true, suspended: true } },
      devices: { select: { deviceId: true } },
      groups: { select: { groupId: true } },
      sites: { select: { siteId: true } },
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    workspaceId: row.workspaceId,
    workspaceName: row.workspace.name,
    workspaceSuspended: row.workspace.suspended,
    scopes: parseScopes(row.scopes),
    allResources: row.allResources,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    deviceIds: row.devices.map((d) => d.deviceId),
    groupIds: row.groups.map((g) => g.groupId),
    siteIds: row.sites.map((s) => s.siteId),
  };
}

/**
 * Checks in a fixed order: header shape → format and checksum (no database)
 * → hash lookup → expiry → workspace suspension → scope. Reach to single
 * resources is the route's business (a 404, never a 403).
 */
export async function authenticate(request: Request, requestId: string, scope: Scope | null): Promise<AuthOutcome> {
  const ip = clientIp(request.headers);
  const limitKey = rateLimitKey(ip);
  // Only failures are counted (a query on PostgreSQL); a valid token never waits on the limiter.
  const deny = async (message: string) => {
    await limits.apiAuthFailuresPerIp.fail(limitKey);
    return { ok: false as const, response: apiError(requestId, "unauthorized", message) };
  };

  const limited = limits.apiAuthFailuresPerIp.blocked(limitKey);
  if (limited.blocked) {
    return {
      ok: false,
      response: apiError(requestId, "rate_limited", "Too many failed authentication attempts from this address.", {
        headers: { "Retry-After": String(limited.retryAfterSeconds) },
      }),
    };
  }

  const { token: candidate, conflict, malformedHeader } = extractToken(request.headers);
  if (conflict) {
    return {
      ok: false,
      response: apiError(requestId, "invalid_request", "Authorization and x-api-key carry different tokens; send one.", {
        details: { authorization: ["Differs from x-api-key"], "x-api-key": ["Differs from Authorization"] },
      }),
    };
  }
  if (malformedHeader && candidate === null) return deny("The Authorization header must be 'Bearer <token>'.");
  if (candidate === null) return deny("No API token. Send it as 'Authorization: Bearer <token>' or 'x-api-key: <token>'.");
  const parsed = parseToken(candidate);
  if (!parsed.ok) {
    return deny(
      parsed.reason === "checksum"
        ? "The API token's checksum does not match; check it was copied whole."
        : "The API token is malformed; Tollgate tokens look like tg_live_ followed by 33 letters and digits.",
    );
  }

  const hash = hashToken(parsed.token);
  ensureRevocationListener();
  let token = cacheIsSafe() ? tokenCache.get(hash) : undefined;
  if (!token) {
    // Concurrent misses for one hash (e.g. when its entry expires under load) share one read.
    const loaded = await tokenCache.load(hash, () => loadToken(hash), cacheIsSafe);
    if (!loaded) return deny("The API token is not valid: it is unknown or has been revoked.");
    token = loaded;
  }
  if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) {
    tokenCache.evict(hash);
    return deny(`The API token expired on ${token.expiresAt.toISOString()}.`);
  }
  if (token.workspaceSuspended) return deny("The workspace that owns this API token is suspended.");

  lastUsed.touch(token.id, ip);

  if (scope && !token.scopes.includes(scope)) {
    return {
      ok: false,
      response: apiError(requestId, "forbidden", `This API token lacks the '${scope}' scope.`, { scope }),
    };
  }
  if (scope && needsAllResources(scope) && !token.allResources) {
    return {
      ok: false,
      response: apiError(requestId, "forbidden", `This API token cannot use '${scope}': ${ALL_RESOURCES_ONLY_REASON}`, { scope }),
    };
  }
  return { ok: true, token, ip };
}
