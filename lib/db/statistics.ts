import { provider, writeBatch } from "./client";
import { describeError } from "./errors";
import { log } from "../ops/log";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * SQLite's query planner chooses between indexes by their statistics, and
 * SQLite gathers none unless asked (PostgreSQL's autovacuum does it by
 * itself). Without them a workspace with tens of thousands of tokens can be
 * searched by walking the list's sort index instead of the exact prefix
 * index. So a SQLite server refreshes them shortly after it starts and once a
 * day: ANALYZE with `analysis_limit` samples each index (milliseconds, not a
 * scan of a million usage rows), as SQLite's documentation advises.
 */
export async function refreshPlannerStatistics() {
  if (provider !== "sqlite") return;
  // One batch, so both run on one connection: the pragma is per connection, and an ANALYZE
  // without it would read every row (a million usage records) while holding the write lock.
  await writeBatch([
    { sql: "PRAGMA analysis_limit = 400", args: [] },
    { sql: "ANALYZE", args: [] },
  ]);
}

let started = false;

export function startPlannerStatistics() {
  if (started || provider !== "sqlite") return;
  started = true;
  const run = () =>
    refreshPlannerStatistics().catch((error) => {
      log.error({ err: describeError(error) }, "ANALYZE failed");
    });
  setTimeout(run, 5_000).unref();
  setInterval(run, DAY_MS).unref();
}
