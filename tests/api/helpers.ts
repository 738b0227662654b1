import { expect } from "vitest";
import { db } from "@/lib/db/client";
import { SCOPES, type Scope } from "@/lib/scopes";
import { contractFetch } from "../support/contract";
import { BASE_URL } from "../support/servers";

/** Every response these tests receive is checked against the OpenAPI document. */
const checkedFetch = contractFetch();

// The API's own assertions and request helpers; fixtures live in tests/support.
export { actorFor, inTransaction, makeToken, uniqueName, type Slug, type TestToken } from "../support/factories";
export { BASE_URL };

export const allScopesBut = (missing: Scope) => SCOPES.filter((s) => s !== missing);

type Init = RequestInit & { token?: string; apiKey?: string };

export function api(path: string, { token, apiKey, headers, ...init }: Init = {}) {
  const h = new Headers(headers);
  if (token !== undefined) h.set("authorization", `Bearer ${token}`);
  if (apiKey !== undefined) h.set("x-api-key", apiKey);
  return checkedFetch(`${BASE_URL}${path}`, { ...init, headers: h, redirect: "manual" });
}

export function patchJson(path: string, token: string, body: unknown) {
  return api(path, {
    token,
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Every API error: the JSON shape, the request id and no caching. Returns the parsed error. */
export async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers.get("cache-control")).toBe("no-store");
  const body = (await res.json()) as {
    error: { code: string; message: string; request_id: string; doc_url: string; details?: Record<string, string[]> };
  };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.request_id).toBe(res.headers.get("x-request-id"));
  expect(body.error.doc_url).toMatch(new RegExp(`/docs/api#error-${code}$`));
  expect(Object.keys(body.error).every((k) => ["code", "message", "request_id", "doc_url", "details"].includes(k))).toBe(true);
  if (status === 401) expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="tollgate"(, error="invalid_token")?$/);
  // RFC 6750 §3: every 403 challenges too, naming the missing scope or saying why.
  if (status === 403) {
    expect(res.headers.get("www-authenticate")).toMatch(
      /^Bearer realm="tollgate", error="insufficient_scope", (scope|error_description)="[^"]+"$/,
    );
  }
  return body.error;
}

/** A successful API response with the shared headers; returns its JSON. */
export async function expectOk<T = { data: unknown }>(res: Response, status = 200): Promise<T> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return (await res.json()) as T;
}

/** Follows next_cursor to the end and returns every item. */
export async function walk<T>(path: string, token: string, limit = 100): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const sep = path.includes("?") ? "&" : "?";
    const query: string = `${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const body = await expectOk<{ data: T[]; next_cursor: string | null }>(await api(`${path}${query}`, { token }));
    items.push(...body.data);
    cursor = body.next_cursor;
    if (!cursor) return items;
  }
  throw new Error("pagination did not end");
}

export const tokenVersion = async (id: string) =>
  (await db.apiToken.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
