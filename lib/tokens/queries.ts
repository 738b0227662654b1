import type { AuditAction } from "../audit-actions";
import { containsText, db } from "../db/client";
import { asEnvironment, type Environment } from "../environments";
import { parseScopes } from "../scopes";
import { addDays } from "date-fns";
import { EXPIRING_SOON_DAYS } from "./expiry";
import { deserializeAllowlist } from "./allowlist";
import { maskToken } from "./format";
import { latestAllowedExpiry, type MaxLifetime, normalizeMaxLifetime } from "./policy";
import type { ActivityView, TokenView } from "./view";

const TOKENS_PAGE_SIZE = 25;

/** One environment's tokens, newest first, a page at a time. */
export async function listTokens(workspaceId: string, environment: Environment, page = 1) {
  const where = { workspaceId, environment };
  const [total, rows] = await Promise.all([
    db.apiToken.count({ where }),
    db.apiToken.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * TOKENS_PAGE_SIZE,
      take: TOKENS_PAGE_SIZE,
      select: {
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
        createdBy: { select: { name: true, email: true, active: true } },
        _count: { select: { devices: true, groups: true, sites: true } },
      },
    }),
  ]);
  const tokens: TokenView[] = rows.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    masked: maskToken(t),
    scopes: parseScopes(t.scopes),
    access: { all: t.allResources, devices: t._count.devices, groups: t._count.groups, sites: t._count.sites },
    createdBy: t.createdBy,
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
  }));
  return { tokens, total, page, pageCount: Math.max(1, Math.ceil(total / TOKENS_PAGE_SIZE)) };
}

const EVENT_SELECT = {
  id: true,
  action: true,
  tokenName: true,
  actorEmail: true,
  ip: true,
  createdAt: true,
  actor: { select: { name: true } },
} as const;

function toActivityView(e: {
  id: string;
  action: string;
  tokenName: string;
  actorEmail: string;
  ip: string | null;
  createdAt: Date;
  actor: { name: string } | null;
}): ActivityView {
  return {
    id: e.id,
    action: e.action,
    tokenName: e.tokenName,
    actorEmail: e.actorEmail,
    // People by name, as the token list shows them; the email when the account is gone.
    actorName: e.actor?.name ?? e.actorEmail,
    ip: e.ip,
    createdAt: e.createdAt.toISOString(),
  };
}

export async function recentActivity(workspaceId: string, take = 8): Promise<ActivityView[]> {
  const events = await db.auditEvent.findMany({
    where: { workspaceId },
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
}

/** What the Developers tab says above the list: the policy, a suspension, and the counts that need attention. */
export async function tokenRules(workspaceId: string, now = new Date()): Promise<TokenRules> {
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { maxTokenLifetimeDays: true, suspended: true, suspendedReason: true },
  });
  const maxDays = normalizeMaxLifetime(workspace.maxTokenLifetimeDays);
  const [expiringSoon, outOfPolicy] = await Promise.all([
    db.apiToken.count({ where: { workspaceId, expiresAt: { gt: now, lte: addDays(now, EXPIRING_SOON_DAYS) } } }),
    maxDays === null
      ? 0
      : db.apiToken.count({
          where: { workspaceId, OR: [{ expiresAt: null }, { expiresAt: { gt: latestAllowedExpiry(maxDays, now) } }] },
        }),
  ]);
  return { maxDays, suspended: workspace.suspended, suspendedReason: workspace.suspendedReason, expiringSoon, outOfPolicy };
}
