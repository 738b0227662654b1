import { z } from "zod";
import { SCOPES, type Scope } from "../scopes";

/**
 * The token list's search, filters and sort, all kept in the URL so a
 * filtered view can be shared. A whole token value is never among them: the
 * search box sends a pasted value to a server action instead (it is hashed
 * there and never stored, logged or put in a URL).
 */
/** The token list's page size, and how far its count goes before it says "more than". */
export const TOKENS_PAGE_SIZE = 25;
export const TOKENS_COUNT_LIMIT = 10_000;

export const TOKEN_STATES = ["expiring", "expired", "never_used", "unused_90"] as const;
export type TokenState = (typeof TOKEN_STATES)[number];
export const TOKEN_STATE_LABELS: Record<TokenState, string> = {
  expiring: "Expiring within 7 days",
  expired: "Expired",
  never_used: "Never used",
  unused_90: "Unused for 90 days",
};

export const TOKEN_SORTS = ["created", "last_used", "expires", "name"] as const;
export type TokenSort = (typeof TOKEN_SORTS)[number];
export const TOKEN_SORT_LABELS: Record<TokenSort, string> = {
  created: "Newest first",
  last_used: "Recently used first",
  expires: "Expiring first",
  name: "Name A–Z",
};

export interface TokenFilter {
  q?: string;
  scope?: Scope;
  /** A user id: tokens that person created. */
  creator?: string;
  state?: TokenState;
  sort: TokenSort;
}

const pick = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  typeof value === "string" && (values as readonly string[]).includes(value) ? (value as T) : undefined;

/** What the URL says, with anything unknown dropped (a shared link from an older version still opens). */
export function parseTokenFilter(search: Record<string, string | string[] | undefined>): TokenFilter {
  const one = (key: string) => {
    const v = search[key];
    return Array.isArray(v) ? v[0] : v;
  };
  const q = one("q")?.trim().slice(0, 100) || undefined;
  const creator = one("creator");
  return {
    q,
    scope: pick(SCOPES, one("scope")),
    creator: creator && /^[a-z0-9]{1,40}$/.test(creator) ? creator : undefined,
    state: pick(TOKEN_STATES, one("state")),
    sort: pick(TOKEN_SORTS, one("sort")) ?? "created",
  };
}

export function isFiltered(filter: TokenFilter) {
  return Boolean(filter.q || filter.scope || filter.creator || filter.state);
}

/** The query string for a filter (defaults left out), plus anything extra such as the environment. */
export function filterQuery(filter: Partial<TokenFilter>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (filter.q) params.set("q", filter.q);
  if (filter.scope) params.set("scope", filter.scope);
  if (filter.creator) params.set("creator", filter.creator);
  if (filter.state) params.set("state", filter.state);
  if (filter.sort && filter.sort !== "created") params.set("sort", filter.sort);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * How the search box reads its text: a masked value as the list shows it
 * (`tg_live_8Hq2…x9Fa`, also with "..."), a prefix (`tg_live_8Hq2`), or words
 * matched against the name, the description and the last four characters.
 */
export type SearchTerm =
  | { kind: "masked"; prefix: string; lastFour: string }
  | { kind: "prefix"; prefix: string }
  | { kind: "text"; text: string };

const MASKED = /^(tg_(?:live|test|user)_[0-9A-Za-z]{4})\s*(?:…|\.\.\.?)\s*([0-9A-Za-z]{4})$/;
const PREFIX = /^tg_(?:live|test|user)_[0-9A-Za-z]{0,4}$/;

export function parseSearchTerm(q: string): SearchTerm {
  const masked = MASKED.exec(q);
  if (masked) return { kind: "masked", prefix: masked[1], lastFour: masked[2] };
  if (PREFIX.test(q)) return { kind: "prefix", prefix: q };
  return { kind: "text", text: q };
}

/** A pasted whole value: looked up by its hash through a server action, never through the URL. */
export const FULL_TOKEN = /^\s*tg_(live|test|user)_[0-9A-Za-z]{33}\s*$/;

export const findByValueSchema = z.strictObject({ value: z.string().max(200) });
