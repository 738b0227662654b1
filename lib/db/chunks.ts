/**
 * SQLite binds at most 999 parameters a statement (this build's limit), so a
 * list built from user or fleet input is sent in slices: `IN (…)` lookups and
 * deletes, and multi-row inserts (parameters = rows × columns).
 */
export const SQLITE_MAX_PARAMETERS = 999;

/** Slices of `items` that each fit in one statement when every item binds `perItem` parameters (with room for a few more). */
export function inSlices<T>(items: readonly T[], perItem = 1): T[][] {
  const size = Math.max(1, Math.floor((SQLITE_MAX_PARAMETERS - 99) / perItem));
  const slices: T[][] = [];
  for (let i = 0; i < items.length; i += size) slices.push(items.slice(i, i + size));
  return slices;
}
