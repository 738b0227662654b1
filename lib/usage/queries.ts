import { addDays, subDays } from "date-fns";
import { db } from "../db/client";
import { usageDay } from "./recorder";

/** Every UTC day from `days - 1` days ago to today, oldest first. */
export function lastDays(days: number, now = new Date()): string[] {
  const start = subDays(now, days - 1);
  return Array.from({ length: days }, (_, i) => usageDay(addDays(start, i)));
}

export interface DailyUsage {
  day: string;
  success: number;
  failure: number;
}

/** Requests per day for one token, split by outcome, with zero days filled in. Reads the rollup: at most `days` rows. */
export async function dailyUsage(workspaceId: string, tokenId: string, days = 30, now = new Date()): Promise<DailyUsage[]> {
  const range = lastDays(days, now);
  const rows = await db.usageDaily.findMany({
    where: { workspaceId, tokenId, day: { gte: range[0] } },
    select: { day: true, success: true, failure: true },
  });
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return range.map((day) => ({ day, success: byDay.get(day)?.success ?? 0, failure: byDay.get(day)?.failure ?? 0 }));
}

/** Requests per day over the last `days` days for each of a page's tokens, in one query. */
export async function sparklines(workspaceId: string, tokenIds: string[], days = 14, now = new Date()): Promise<Record<string, number[]>> {
  if (tokenIds.length === 0) return {};
  const range = lastDays(days, now);
  const rows = await db.usageDaily.findMany({
    where: { workspaceId, tokenId: { in: tokenIds }, day: { gte: range[0] } },
    select: { tokenId: true, day: true, success: true, failure: true },
  });
  const index = new Map(range.map((day, i) => [day, i]));
  const out: Record<string, number[]> = Object.fromEntries(tokenIds.map((id) => [id, range.map(() => 0)]));
  for (const r of rows) {
    const i = index.get(r.day);
    if (i !== undefined) out[r.tokenId][i] = r.success + r.failure;
  }
  return out;
}

export const STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

export interface RequestFilter {
  status?: StatusClass;
  route?: string;
  ip?: string;
  /** One request by its id (the client's X-Request-Id or the server's), exact. */
  requestId?: string;
  /** The last row of the previous page: "<ISO time>_<id>". */
  before?: string;
}

export interface RequestView {
  id: string;
  at: string;
  method: string;
  route: string;
  status: number;
  ip: string;
  latencyMs: number;
  requestId: string;
  /** The API error code, for a refused or failed request. */
  code: string | null;
  environment: string;
}

export const REQUESTS_PAGE_SIZE = 25;

function statusRange(status: StatusClass) {
  const base = Number(status[0]) * 100;
  return { gte: base, lt: base + 100 };
}

/** A cursor names the last row shown; a malformed one reads as the first page. */
export function parseCursor(cursor: string | undefined): { at: Date; id: string } | null {
  const match = cursor ? /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([a-z0-9]{1,40})$/.exec(cursor) : null;
  return match ? { at: new Date(match[1]), id: match[2] } : null;
}

/** The token's requests, newest first, filtered, 25 at a time: served by the (tokenId, at) index whatever the table's size. */
export async function recentRequests(
  workspaceId: string,
  tokenId: string,
  filter: RequestFilter,
): Promise<{ requests: RequestView[]; next: string | null }> {
  const cursor = parseCursor(filter.before);
  const rows = await db.usageRecord.findMany({
    where: {
      workspaceId,
      tokenId,
      ...(filter.status ? { status: statusRange(filter.status) } : {}),
      ...(filter.route ? { route: filter.route } : {}),
      ...(filter.ip ? { ip: filter.ip } : {}),
      ...(filter.requestId ? { requestId: filter.requestId } : {}),
      ...(cursor ? { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: REQUESTS_PAGE_SIZE + 1,
  });
  const page = rows.slice(0, REQUESTS_PAGE_SIZE);
  const last = page.at(-1);
  return {
    requests: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      method: r.method,
      route: r.route,
      status: r.status,
      ip: r.ip,
      latencyMs: r.latencyMs,
      requestId: r.requestId,
      code: r.code,
      environment: r.environment,
    })),
    next: rows.length > REQUESTS_PAGE_SIZE && last ? `${last.at.toISOString()}_${last.id}` : null,
  };
}
