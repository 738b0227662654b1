import type { Prisma } from "../generated/sqlite/client";
import type { VerifiedToken } from "../tokens/verify";

/**
 * What a token can reach, as where-clauses. Every clause starts with the
 * token's workspace and environment, so an id or serial from another tenant matches nothing;
 * routes AND these with the lookup key and answer 404 when nothing matches.
 */
type Reach = Pick<VerifiedToken, "workspaceId" | "environment" | "allResources" | "deviceIds" | "groupIds" | "siteIds">;

/** The token's workspace and environment: a live token never matches sandbox rows, nor a test token live ones. */
function home(token: Reach) {
  return { workspaceId: token.workspaceId, environment: token.environment };
}

/** A device is reachable when chosen itself, through one of its groups, or through its site. */
export function deviceReach(token: Reach): Prisma.DeviceWhereInput {
  if (token.allResources) return home(token);
  return {
    ...home(token),
    OR: [{ id: { in: token.deviceIds } }, { groups: { some: { groupId: { in: token.groupIds } } } }, { siteId: { in: token.siteIds } }],
  };
}

/** Groups and sites are reachable only when chosen themselves. */
export function groupReach(token: Reach): Prisma.DeviceGroupWhereInput {
  return token.allResources ? home(token) : { ...home(token), id: { in: token.groupIds } };
}

export function siteReach(token: Reach): Prisma.SiteWhereInput {
  return token.allResources ? home(token) : { ...home(token), id: { in: token.siteIds } };
}

/**
 * Path segments are opaque keys (serials, ids) of printable ASCII. Anything
 * else (too long, NUL, spaces, non-ASCII) cannot name a resource, so it is a
 * 404 without a query; it also keeps PostgreSQL from rejecting a NUL byte.
 */
export function isResourceKey(value: unknown): value is string {
  return typeof value === "string" && /^[\x21-\x7E]{1,64}$/.test(value);
}

/**
 * The same rule as `deviceReach`, as SQL over the device alias `d`, for the
 * hot reads in lib/api/devices.ts (one statement instead of Prisma's two, and
 * no query compilation: see bench/RESULTS.md). `param` binds a value and
 * returns its placeholder. Null: the token reaches no device at all.
 * tests/api/reach-sql.test.ts checks both forms pick the same devices.
 */
export function deviceReachSql(token: Reach, param: (value: string) => string): string | null {
  const inList = (ids: string[]) => ids.map(param).join(", ");
  const clauses = [`d."workspaceId" = ${param(token.workspaceId)}`, `d."environment" = ${param(token.environment)}`];
  if (!token.allResources) {
    const ways: string[] = [];
    if (token.deviceIds.length) ways.push(`d."id" IN (${inList(token.deviceIds)})`);
    if (token.siteIds.length) ways.push(`d."siteId" IN (${inList(token.siteIds)})`);
    if (token.groupIds.length) {
      ways.push(`EXISTS (SELECT 1 FROM "DeviceGroupMember" r WHERE r."deviceId" = d."id" AND r."groupId" IN (${inList(token.groupIds)}))`);
    }
    if (ways.length === 0) return null;
    clauses.push(`(${ways.join(" OR ")})`);
  }
  return clauses.join(" AND ");
}
