import { subDays } from "date-fns";
import { db } from "../db/client";
import { env } from "../env";
import { usageDay } from "./recorder";
import { describeError } from "../db/errors";
import { log } from "../ops/log";

/**
 * Bounded usage: records older than USAGE_RETENTION_DAYS (30) go, and so do
 * a workspace's oldest beyond USAGE_MAX_ROWS_PER_WORKSPACE (1,000,000).
 * Deleted in batches of PRUNE_BATCH by primary key, each its own short
 * statement, with a pause between, so requests (whose records only go to a
 * buffer) and the buffer's flushes never wait long on it. Idempotent: with
 * several servers on PostgreSQL each may prune; they delete the same rows.
 */
export const PRUNE_BATCH = 5_000;

async function deleteBatch(where: { workspaceId?: string; before: Date }): Promise<number> {
  const rows = await db.usageRecord.findMany({
    where: { ...(where.workspaceId ? { workspaceId: where.workspaceId } : {}), at: { lt: where.before } },
    select: { id: true },
    take: PRUNE_BATCH,
  });
  if (rows.length === 0) return 0;
  const { count } = await db.usageRecord.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
  return count;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

async function deleteAll(where: { workspaceId?: string; before: Date }): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch(where);
    total += deleted;
    if (deleted < PRUNE_BATCH) return total;
    await pause();
  }
}

export interface PruneResult {
  expired: number;
  overCap: number;
}

export interface PruneOptions {
  now?: Date;
  retentionDays?: number;
  maxRowsPerWorkspace?: number;
  /** Only this workspace (tests); every workspace by default. */
  workspaceId?: string;
}

export async function pruneUsage(options: PruneOptions = {}): Promise<PruneResult> {
  const {
    now = new Date(),
    retentionDays = env.USAGE_RETENTION_DAYS,
    maxRowsPerWorkspace: max = env.USAGE_MAX_ROWS_PER_WORKSPACE,
  } = options;
  const only = options.workspaceId ? { workspaceId: options.workspaceId } : {};
  const cutoff = subDays(now, retentionDays);
  const expired = await deleteAll({ ...only, before: cutoff });
  await db.usageDaily.deleteMany({ where: { ...only, day: { lt: usageDay(cutoff) } } });
  let overCap = 0;
  const heavy = await db.usageRecord.groupBy({ by: ["workspaceId"], where: only, _count: { _all: true } });
  for (const { workspaceId, _count } of heavy) {
    if (_count._all <= max) continue;
    // The newest `max` stay: everything older than the max-th newest goes.
    const edge = await db.usageRecord.findFirst({
      where: { workspaceId },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: max,
      select: { at: true },
    });
    if (edge) overCap += await deleteAll({ workspaceId, before: new Date(edge.at.getTime() + 1) });
  }
  return { expired, overCap };
}

let started = false;

/** Once per server (instrumentation.ts): prune now and every USAGE_PRUNE_INTERVAL_MS, never two at once. */
export function startUsagePruning() {
  if (started || !env.USAGE_RECORDING) return;
  started = true;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await pruneUsage();
    } catch (error) {
      log.error({ err: describeError(error) }, "usage pruning failed");
    } finally {
      running = false;
    }
  };
  setTimeout(run, 10_000).unref();
  setInterval(run, env.USAGE_PRUNE_INTERVAL_MS).unref();
}
