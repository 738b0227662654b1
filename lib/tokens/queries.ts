import type { AuditAction } from "../audit-actions";
import { containsText, db, provider } from "../db/client";
import { asEnvironment, ENVIRONMENTS, type Environment } from "../environments";
import { parseScopes } from "../scopes";
import { addDays, subDays } from "date-fns";
import type { Prisma } from "../generated/sqlite/client";
import { parseSearchTerm, type TokenFilter, TOKENS_COUNT_LIMIT, TOKENS_PAGE_SIZE, type TokenSort } from "./search";
import { EXPIRING_SOON_DAYS } from "./expiry";
import { deserializeAllowlist } from "./allowlist";
import { maskToken } from "./format";
import { latestAllowedExpiry, type MaxLifetime, normalizeMaxLifetime } from "./policy";
import { isRole } from "../roles";
import { ownerProblem } from "./personal";
import type { ActivityView, PersonalTokenView, TokenView } from "./view";

/**
 * Both environments, said out loud: the token indexes begin (workspaceId,
 * environment, ownerId, …), and naming the environments lets a query over
 * the whole workspace use them (one range per environment).
 */
const EVERY_ENVIRONMENT = { in: [...ENVIRONMENTS] };

const tokenSelect = (workspaceId: string) =>
  ({
    id: true,
    name: true,
    description: true,
    prefix: true,
    lastFour: true,
    scopes: true,
    allResources: true,
    createdAt: true,
    regeneratedAt: true,
    expiresAt: true,
    lastUsedAt: true,
    lastUsedIp: true,
    ipAllowlist: true,
    previousExpiresAt: true,
    environment: true,
    rateLimitPerMinute: true,
    version: true,
    createdBy: {
      select: { name: true, email: true, active: true, memberships: { where: { workspaceId }, select: { deactivatedAt: true } } },
    },
  }) as const;

type TokenRow = {
  id: string;
  name: string;
  description: string;
  prefix: string;
  lastFour: string;
  scopes: string;
  allResources: boolean;
  createdAt: Date;
  regeneratedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  ipAllowlist: string;
  previousExpiresAt: Date | null;
  environment: string;
  rateLimitPerMinute: number | null;
  version: number;
  createdBy: { name: string; email: string; active: boolean; memberships: { deactivatedAt: Date | null }[] } | null;
};

type ReachCounts = Map<string, { devices: number; groups: number; sites: number }>;

/**
 * How many devices, groups and sites each listed token names. Counted for
 * these ids only: Prisma's `_count` joins an aggregate of every link table in
 * the database (all workspaces), which grew with the database, not the page.
 */
async function reachCounts(ids: string[]): Promise<ReachCounts> {
  const counts: ReachCounts = new Map(ids.map((id) => [id, { devices: 0, groups: 0, sites: 0 }]));
  if (ids.length === 0) return counts;
  const where = { tokenId: { in: ids } };
  const [devices, groups, sites] = await Promise.all([
    db.apiTokenDevice.groupBy({ by: ["tokenId"], where, _count: { _all: true } }),
    db.apiTokenGroup.groupBy({ by: ["tokenId"], where, _count: { _all: true } }),
    db.apiTokenSite.groupBy({ by: ["tokenId"], where, _count: { _all: true } }),
  ]);
  for (const [kind, rows] of [
    ["devices", devices],
    ["groups", groups],
    ["sites", sites],
  ] as const) {
    for (const row of rows) {
      const entry = counts.get(row.tokenId);
      if (entry) entry[kind] = row._count._all;
    }
  }
  return counts;
}

function toTokenView(t: TokenRow, count = { devices: 0, groups: 0, sites: 0 }): TokenView {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    masked: maskToken(t),
    scopes: parseScopes(t.scopes),
    access: { all: t.allResources, ...count },
    // "Created by … (deactivated)": the account is disabled, or the person was deactivated in or removed from this workspace.
    createdBy: t.createdBy && {
      name: t.createdBy.name,
      email: t.createdBy.email,
      active: t.createdBy.active && t.createdBy.memberships.length > 0 && !t.createdBy.memberships[0].deactivatedAt,
      removed: t.createdBy.memberships.length === 0,
    },
    createdAt: t.createdAt.toISOString(),
    issuedAt: (t.regeneratedAt ?? t.createdAt).toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: t.lastUsedIp,
    ipAllowlist: deserializeAllowlist(t.ipAllowlist),
    oldValueExpiresAt: t.previousExpiresAt && t.previousExpiresAt > new Date() ? t.previousExpiresAt.toISOString() : null,
    environment: asEnvironment(t.environment),
    rateLimitPerMinute: t.rateLimitPerMinute,
    version: t.version,
  };
}

function searchWhere(filter: TokenFilter, now: Date): Prisma.ApiTokenWhereInput[] {
  const and: Prisma.ApiTokenWhereInput[] = [];
  if (filter.q) {
    const term = parseSearchTerm(filter.q);
    if (term.kind === "masked") and.push({ prefix: term.prefix, lastFour: term.lastFour });
    else if (term.kind === "prefix") and.push({ prefix: { startsWith: term.prefix } });
    else {
      and.push({
        OR: [
          { name: containsText(term.text) },
          { description: containsText(term.text) },
          ...(/^[0-9A-Za-z]{4}$/.test(term.text) ? [{ lastFour: term.text }] : []),
        ],
      });
    }
  }
  // Scopes are one space-separated column: match the whole word.
  if (filter.scope)
    and.push({
      OR: [
        { scopes: filter.scope },
        { scopes: { startsWith: `${filter.scope} ` } },
        { scopes: { endsWith: ` ${filter.scope}` } },
        { scopes: { contains: ` ${filter.scope} ` } },
      ],
    });
  if (filter.creator) and.push({ createdById: filter.creator });
  if (filter.state === "expiring") and.push({ expiresAt: { gt: now, lte: addDays(now, EXPIRING_SOON_DAYS) } });
  if (filter.state === "expired") and.push({ expiresAt: { lte: now } });
  if (filter.state === "never_used") and.push({ lastUsedAt: null });
  if (filter.state === "unused_90") {
    and.push({ createdAt: { lt: subDays(now, 90) }, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: subDays(now, 90) } }] });
  }
  return and;
}

function sortOrder(sort: TokenSort): Prisma.ApiTokenOrderByWithRelationInput[] {
  switch (sort) {
    case "name":
      return [{ name: "asc" }, { id: "asc" }];
    case "last_used":
      // Never-used tokens last. SQLite sorts NULLs lowest, so a plain DESC already does that and walks
      // its index; Prisma's `nulls: "last"` there is a CASE expression no index can serve.
      // PostgreSQL's index is DESC NULLS LAST (see the migration).
      return [{ lastUsedAt: provider === "sqlite" ? "desc" : { sort: "desc", nulls: "last" } }, { id: "desc" }];
    case "expires":
      return [{ expiresAt: { sort: "asc", nulls: "last" } }, { id: "asc" }];
    default:
      return [{ createdAt: "desc" }, { id: "desc" }];
  }
}

/** One environment's workspace tokens (personal ones are listed apart), searched, filtered and sorted, a page at a time. */
export async function listTokens(
  workspaceId: string,
  environment: Environment,
  page = 1,
  filter: TokenFilter = { sort: "created" },
  now = new Date(),
) {
  const where: Prisma.ApiTokenWhereInput = { workspaceId, environment, ownerId: null, AND: searchWhere(filter, now) };
  const [counted, rows] = await Promise.all([
    // Counted up to a cap: past it the page says "more than 10,000", and the count costs the same
    // however many tokens the workspace has.
    db.apiToken.count({ where, take: TOKENS_COUNT_LIMIT + 1 }),
    db.apiToken.findMany({
      where,
      orderBy: sortOrder(filter.sort),
      skip: (page - 1) * TOKENS_PAGE_SIZE,
      take: TOKENS_PAGE_SIZE,
      select: tokenSelect(workspaceId),
    }),
  ]);
  const counts = await reachCounts(rows.map((r) => r.id));
  const more = counted > TOKENS_COUNT_LIMIT;
  const total = Math.min(counted, TOKENS_COUNT_LIMIT);
  return {
    tokens: rows.map((r) => toTokenView(r, counts.get(r.id))),
    total,
    /** True when there are more than `total` (the count stopped at its cap). */
    more,
    page,
    pageCount: Math.max(1, Math.ceil(total / TOKENS_PAGE_SIZE)),
  };
}

const PERSONAL_LIST_LIMIT = 200;

/**
 * Personal tokens, newest first: one person's own (their section), or the
 * whole workspace's with each owner and what stops the token now (the
 * admins' section). Never a value: only the masked prefix and last four.
 */
export async function listPersonalTokens(workspaceId: string, ownerId?: string): Promise<PersonalTokenView[]> {
  const [rows, workspace] = await Promise.all([
    db.apiToken.findMany({
      where: { workspaceId, environment: EVERY_ENVIRONMENT, ownerId: ownerId ?? { not: null } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: PERSONAL_LIST_LIMIT,
      select: {
        ...tokenSelect(workspaceId),
        owner: {
          select: {
            id: true,
            name: true,
            email: true,
            active: true,
            memberships: { where: { workspaceId }, select: { role: true, deactivatedAt: true } },
          },
        },
      },
    }),
    db.workspace.findUnique({ where: { id: workspaceId }, select: { personalTokensEnabled: true } }),
  ]);
  const counts = await reachCounts(rows.map((r) => r.id));
  return rows.map((row) => {
    const membership = row.owner?.memberships[0];
    const role = membership && isRole(membership.role) ? membership.role : null;
    const problem = ownerProblem({
      role,
      deactivated: !row.owner?.active || Boolean(membership?.deactivatedAt),
      personalTokensEnabled: Boolean(workspace?.personalTokensEnabled),
    });
    const status: PersonalTokenView["owner"]["status"] =
      role === null
        ? "removed"
        : problem === "owner_inactive"
          ? "deactivated"
          : problem === "personal_tokens_off"
            ? "setting_off"
            : "active";
    return {
      ...toTokenView(row, counts.get(row.id)),
      owner: { id: row.owner?.id ?? "", name: row.owner?.name ?? "", email: row.owner?.email ?? "", role, status },
    };
  });
}

const EVENT_SELECT = {
  id: true,
  action: true,
  tokenName: true,
  detail: true,
  actorEmail: true,
  ip: true,
  createdAt: true,
  actor: { select: { name: true } },
} as const;

function toActivityView(e: {
  id: string;
  action: string;
  tokenName: string;
  detail: string | null;
  actorEmail: string;
  ip: string | null;
  createdAt: Date;
  actor: { name: string } | null;
}): ActivityView {
  return {
    id: e.id,
    action: e.action,
    tokenName: e.tokenName,
    detail: e.detail,
    actorEmail: e.actorEmail,
    // People by name, as the token list shows them; the email when the account is gone.
    actorName: e.actor?.name ?? e.actorEmail,
    ip: e.ip,
    createdAt: e.createdAt.toISOString(),
  };
}

export async function recentActivity(workspaceId: string, take = 8, actionPrefix?: string): Promise<ActivityView[]> {
  const events = await db.auditEvent.findMany({
    where: { workspaceId, ...(actionPrefix ? { action: { startsWith: actionPrefix } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: EVENT_SELECT,
  });
  return events.map(toActivityView);
}

export const ACTIVITY_PAGE_SIZE = 25;

export interface ActivityFilter {
  actor?: string;
  action?: AuditAction;
  token?: string;
  /** The last event of the previous page. */
  after?: string;
}

/**
 * The full log, newest first, filtered by who (email), what and which token
 * (name contains), in pages of 25 with a cursor: the id of the last event
 * shown, which must belong to this workspace.
 */
export async function activityLog(
  workspaceId: string,
  filter: ActivityFilter,
): Promise<{ events: ActivityView[]; next: string | null; actors: { email: string; name: string }[] }> {
  const where = {
    workspaceId,
    ...(filter.actor ? { actorEmail: filter.actor } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.token ? { tokenName: containsText(filter.token) } : {}),
  };
  const cursor = filter.after ? await db.auditEvent.findFirst({ where: { id: filter.after, workspaceId }, select: { id: true } }) : null;
  const [rows, actors] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: ACTIVITY_PAGE_SIZE + 1,
      ...(cursor ? { cursor: { id: cursor.id }, skip: 1 } : {}),
      select: EVENT_SELECT,
    }),
    db.auditEvent.findMany({
      where: { workspaceId },
      distinct: ["actorEmail"],
      orderBy: { actorEmail: "asc" },
      select: { actorEmail: true, actor: { select: { name: true } } },
      take: 200,
    }),
  ]);
  const events = rows.slice(0, ACTIVITY_PAGE_SIZE).map(toActivityView);
  return {
    events,
    next: rows.length > ACTIVITY_PAGE_SIZE ? events[events.length - 1].id : null,
    actors: actors.map((a) => ({ email: a.actorEmail, name: a.actor?.name ?? a.actorEmail })),
  };
}

export interface TokenRules {
  maxDays: MaxLifetime;
  suspended: boolean;
  suspendedReason: string | null;
  /** Tokens that expire within EXPIRING_SOON_DAYS. */
  expiringSoon: number;
  /** Tokens with no expiry or one later than the policy allows today. */
  outOfPolicy: number;
  /** Whether members may create personal tokens. */
  personalTokensEnabled: boolean;
  /** Requests per minute of tokens without their own limit, as set by an owner; null: the server's default. */
  defaultRateLimitPerMinute: number | null;
  /** Workspace tokens created over 90 days ago and not used since (or ever). */
  unused90?: number;
}

/** What the Developers tab says above the list: the policy, a suspension, and the counts that need attention. */
export async function tokenRules(workspaceId: string, now = new Date()): Promise<TokenRules> {
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: {
      maxTokenLifetimeDays: true,
      suspended: true,
      suspendedReason: true,
      personalTokensEnabled: true,
      defaultRateLimitPerMinute: true,
    },
  });
  const maxDays = normalizeMaxLifetime(workspace.maxTokenLifetimeDays);
  const ninetyDaysAgo = subDays(now, 90);
  const workspaceTokens = { workspaceId, environment: EVERY_ENVIRONMENT, ownerId: null };
  const [expiringSoon, outOfPolicy, unused90] = await Promise.all([
    db.apiToken.count({ where: { ...workspaceTokens, expiresAt: { gt: now, lte: addDays(now, EXPIRING_SOON_DAYS) } } }),
    maxDays === null
      ? 0
      : db.apiToken.count({
          where: { ...workspaceTokens, OR: [{ expiresAt: null }, { expiresAt: { gt: latestAllowedExpiry(maxDays, now) } }] },
        }),
    db.apiToken.count({
      where: {
        ...workspaceTokens,
        createdAt: { lt: ninetyDaysAgo },
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: ninetyDaysAgo } }],
        AND: [{ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }],
      },
    }),
  ]);
  return {
    maxDays,
    suspended: workspace.suspended,
    suspendedReason: workspace.suspendedReason,
    expiringSoon,
    outOfPolicy,
    personalTokensEnabled: workspace.personalTokensEnabled,
    defaultRateLimitPerMinute: workspace.defaultRateLimitPerMinute,
    unused90,
  };
}

export interface TokenDetail extends TokenView {
  /** Set for a personal token. */
  ownerId: string | null;
  devices: { id: string; serial: string; name: string }[];
  groups: { id: string; name: string }[];
  sites: { id: string; name: string }[];
}

/** Everything the token page shows about one token of this workspace; null when it is not one. Never its hash. */
export async function tokenDetail(workspaceId: string, tokenId: string): Promise<TokenDetail | null> {
  const row = await db.apiToken.findFirst({
    where: { id: tokenId, workspaceId },
    select: {
      ...tokenSelect(workspaceId),
      ownerId: true,
      devices: { select: { device: { select: { id: true, serial: true, name: true } } }, take: 500 },
      groups: { select: { group: { select: { id: true, name: true } } }, take: 500 },
      sites: { select: { site: { select: { id: true, name: true } } }, take: 500 },
    },
  });
  if (!row) return null;
  const counts = await reachCounts([row.id]);
  const byName = <T extends { name: string }>(list: T[]) => list.sort((a, b) => a.name.localeCompare(b.name));
  return {
    ...toTokenView(row, counts.get(row.id)),
    ownerId: row.ownerId,
    devices: byName(row.devices.map((d) => d.device)),
    groups: byName(row.groups.map((g) => g.group)),
    sites: byName(row.sites.map((s) => s.site)),
  };
}

/** People who created workspace tokens here, for the "Created by" filter. */
export async function tokenCreators(workspaceId: string) {
  // GROUP BY in the database (index on workspaceId, createdById): Prisma's `distinct` reads every token and dedupes in memory.
  const groups = await db.apiToken.groupBy({
    by: ["createdById"],
    where: { workspaceId, ownerId: null, createdById: { not: null } },
    orderBy: { createdById: "asc" },
    take: 200,
  });
  const ids = groups.flatMap((g) => (g.createdById ? [g.createdById] : []));
  const people = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return people.sort((a, b) => a.name.localeCompare(b.name));
}
