import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { parseISO } from "date-fns";
import { env } from "../env";
import type { FieldErrors } from "../result";

/**
 * Cursor pagination shared by every list endpoint. A cursor names its list
 * (the operation, the workspace and the environment) and holds the last item's sort key(s), signed with a key derived from
 * AUTH_SECRET (so every server accepts another's cursors): a cursor from
 * another list, or one edited by hand, is refused with a 400 rather than
 * silently restarting or skewing the walk.
 */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;
const MAX_CURSOR_LENGTH = 512;
const MAX_KEY_LENGTH = 128;
// Without AUTH_SECRET (development), cursors last as long as the process.
const KEY = createHmac("sha256", env.AUTH_SECRET ?? randomBytes(32).toString("hex"))
  .update("tollgate api cursor")
  .digest();

export interface PageRequest {
  /** The list the page belongs to (its operation id, workspace, environment and filters); cursors carry it. */
  list: string;
  limit: number;
  /** The sort key(s) of the last item already seen, or null for the first page. */
  after: string[] | null;
  /** `?updated_since=`: only items changed at or after this instant (incremental sync). */
  updatedSince: Date | null;
}

/**
 * RFC 3339 date-time with a zone (Z or ±hh:mm), as the API writes its own
 * timestamps. The shape is checked here; date-fns then refuses days a month
 * does not have (a plain Date would roll 30 February into March).
 */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/** `updated_since` from the query string: absent, or one RFC 3339 timestamp. */
export function parseUpdatedSince(params: URLSearchParams): { ok: true; since: Date | null } | { ok: false; details: FieldErrors } {
  const raw = params.getAll("updated_since");
  if (raw.length === 0) return { ok: true, since: null };
  if (raw.length > 1) return { ok: false, details: { updated_since: ["Send updated_since once"] } };
  const value = raw[0];
  const at = value.length <= 40 && RFC3339.test(value) ? parseISO(value.toUpperCase()) : null;
  if (!at || Number.isNaN(at.getTime())) {
    return { ok: false, details: { updated_since: ["Must be an RFC 3339 timestamp with a zone, such as 2026-12-01T00:00:00Z"] } };
  }
  return { ok: true, since: at };
}

const mac = (payload: string) => createHmac("sha256", KEY).update(payload).digest().subarray(0, 12).toString("base64url");

export function encodeCursor(list: string, keys: string[]): string {
  const payload = Buffer.from(JSON.stringify([list, ...keys]), "utf8").toString("base64url");
  return `${payload}.${mac(payload)}`;
}

export function decodeCursor(cursor: string, list: string, arity: number): string[] | null {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const [payload, signature] = cursor.split(".");
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(decoded) || decoded[0] !== list || decoded.length !== arity + 1) return null;
  const keys = decoded.slice(1);
  if (!keys.every((k) => typeof k === "string" && k.length > 0 && k.length <= MAX_KEY_LENGTH)) return null;
  return keys as string[];
}

/**
 * Reads `limit` and `cursor` from the query string. `validKeys` lets a list
 * reject a cursor whose keys decode but cannot be its own (e.g. a bad date).
 */
export function parsePage(
  params: URLSearchParams,
  list: string,
  arity: number,
  validKeys: (keys: string[]) => boolean = () => true,
  options: { sync?: boolean } = {},
): { ok: true; page: PageRequest } | { ok: false; details: FieldErrors } {
  const details: FieldErrors = {};
  let updatedSince: Date | null = null;
  if (options.sync) {
    const since = parseUpdatedSince(params);
    if (since.ok) updatedSince = since.since;
    else Object.assign(details, since.details);
  }
  // A filter is part of the list a cursor belongs to: a cursor from a walk with another filter is refused.
  const filtered = updatedSince ? `${list}:since=${updatedSince.toISOString()}` : list;
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
    const keys = decodeCursor(rawCursor[0], filtered, arity);
    if (keys && validKeys(keys)) after = keys;
    else details.cursor = ["Not a cursor from this list; use next_cursor from the previous page"];
  }
  return Object.keys(details).length ? { ok: false, details } : { ok: true, page: { list: filtered, limit, after, updatedSince } };
}

/**
 * Lists fetch `limit + 1` rows: the extra row only says whether another page
 * exists, and the cursor points at the last row actually returned.
 */
export function finishPage<T>(rows: T[], page: PageRequest, keysOf: (row: T) => string[]) {
  const items = rows.slice(0, page.limit);
  const next = rows.length > page.limit && items.length > 0 ? encodeCursor(page.list, keysOf(items[items.length - 1])) : null;
  return { items, next_cursor: next };
}
