import type { FieldErrors } from "../result";
/**
 * Cursor pagination shared by every list endpoint. A cursor is base64url of a
 * JSON array holding the last item's sort key(s); it is opaque to clients, so
 * anything that does not decode to exactly that shape is refused with a 400
 * rather than silently restarting the walk.
 */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;
const MAX_CURSOR_LENGTH = 512;
const MAX_KEY_LENGTH = 128;

export interface PageRequest {
  limit: number;
  /** The sort key(s) of the last item already seen, or null for the first page. */
  after: string[] | null;
}

export function encodeCursor(keys: string[]): string {
  return Buffer.from(JSON.stringify(keys), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string, arity: number): string[] | null {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let keys: unknown;
  try {
    keys = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(keys) || keys.length !== arity) return null;
  if (!keys.every((k) => typeof k === "string" && k.length > 0 && k.length <= MAX_KEY_LENGTH)) return null;
  // Node's decoder ignores stray trailing bits; only the canonical spelling is ours.
  if (encodeCursor(keys) !== cursor) return null;
  return keys;
}

/**
 * Reads `limit` and `cursor` from the query string. `validKeys` lets a list
 * reject a cursor whose keys decode but cannot be its own (e.g. a bad date).
 */
export function parsePage(
  params: URLSearchParams,
  arity: number,
  validKeys: (keys: string[]) => boolean = () => true,
): { ok: true; page: PageRequest } | { ok: false; details: FieldErrors } {
  const details: FieldErrors = {};
  let limit = DEFAULT_LIMIT;
  const rawLimit = params.getAll("limit");
  if (rawLimit.length > 1) details.limit = ["Send limit once"];
  else if (rawLimit.length === 1) {
    const value = rawLimit[0];
    if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > MAX_LIMIT) {
      details.limit = [`Must be a whole number from 1 to ${MAX_LIMIT}`];
    } else limit = Number(value);
  }
  let after: string[] | null = null;
  const rawCursor = params.getAll("cursor");
  if (rawCursor.length > 1) details.cursor = ["Send cursor once"];
  else if (rawCursor.length === 1) {
    const keys = decodeCursor(rawCursor[0], arity);
    if (keys && validKeys(keys)) after = keys;
    else details.cursor = ["Not a cursor from this list; use next_cursor from the previous page"];
  }
  return Object.keys(details).length ? { ok: false, details } : { ok: true, page: { limit, after } };
}

/**
 * Lists fetch `limit + 1` rows: the extra row only says whether another page
 * exists, and the cursor points at the last row actually returned.
 */
export function finishPage<T>(rows: T[], limit: number, keysOf: (row: T) => string[]) {
  const items = rows.slice(0, limit);
  const next = rows.length > limit && items.length > 0 ? encodeCursor(keysOf(items[items.length - 1])) : null;
  return { items, next_cursor: next };
}
