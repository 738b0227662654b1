import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { db, provider } from "@/lib/db/client";
import { needsAllResources, SCOPES, type Scope } from "@/lib/scopes";
import { createToken, type Actor, type NewToken } from "@/lib/tokens/service";

/** Shared fixtures for the HTTP tests: tokens are made with the app's own service code. */
// Vitest overwrites process.env.BASE_URL in its workers with Vite's base path ("/"),
// so only an absolute URL is taken from it; the harness sets AUTH_URL to the same origin.
const absolute = (value: string | undefined) => (value && /^https?:\/\//.test(value) ? value.replace(/\/$/, "") : undefined);
export const BASE_URL =
  absolute(process.env.BASE_URL) ?? absolute(process.env.AUTH_URL) ?? `http://127.0.0.1:${process.env.TEST_PORT ?? 3100}`;

/**
 * @libsql/client hands its connection to each interactive transaction and
 * opens a fresh one afterwards, which lacks the busy_timeout lib/db/client.ts
 * set; without it a write from this process fails at once while the server
 * is writing (e.g. last-used bookkeeping). Re-apply it around every
 * transaction the fixtures run.
 */
export async function inTransaction<T>(run: () => Promise<T>): Promise<T> {
  const busyTimeout = () => (provider === "sqlite" ? db.$queryRawUnsafe("PRAGMA busy_timeout = 5000") : Promise.resolve());
  await busyTimeout();
  try {
    return await run();
  } finally {
    await busyTimeout();
  }
}

export type Slug = "acme" | "globex";

const EMAIL: Record<Slug, string> = { acme: "admin@acme.test", globex: "admin@globex.test" };

export async function actorFor(slug: Slug): Promise<Actor> {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { slug }, select: { id: true } });
  const user = await db.user.findUniqueOrThrow({ where: { email: EMAIL[slug] }, select: { id: true, email: true } });
  return { user, workspace, ip: "127.0.0.1", userAgent: "tollgate-api-tests" };
}

export const uniqueName = (label: string) => `api test ${label} ${randomBytes(4).toString("hex")}`;

export interface TestToken {
  id: string;
  name: string;
  value: string;
}

/** A fresh token; names carry a random suffix because they are unique per workspace. */
export async function makeToken(
  options: Partial<NewToken> & { slug?: Slug; actor?: Actor; label?: string } = {},
): Promise<TestToken> {
  const { slug = "acme", actor, label = "token", ...rest } = options;
  const input: NewToken = {
    name: uniqueName(label),
    description: "",
    expiresAt: null,
    // Every scope the token may hold: a limited token cannot hold the workspace-wide ones.
    scopes: rest.allResources === false ? SCOPES.filter((s) => !needsAllResources(s)) : [...SCOPES],
    allResources: true,
    deviceIds: [],
    groupIds: [],
    siteIds: [],
    ...rest,
  };
  const who = actor ?? (await actorFor(slug));
  const issued = await inTransaction(() => createToken(who, input));
  if (!issued.ok) throw new Error(`createToken failed: ${issued.error}`);
  return { id: issued.data.id, name: issued.data.name, value: issued.data.plaintext };
}

export const allScopesBut = (missing: Scope) => SCOPES.filter((s) => s !== missing);

type Init = RequestInit & { token?: string; apiKey?: string };

export function api(path: string, { token, apiKey, headers, ...init }: Init = {}) {
  const h = new Headers(headers);
  if (token !== undefined) h.set("authorization", `Bearer ${token}`);
  if (apiKey !== undefined) h.set("x-api-key", apiKey);
  return fetch(`${BASE_URL}${path}`, { ...init, headers: h, redirect: "manual" });
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
  const body = (await res.json()) as { error: { code: string; message: string; details?: Record<string, string[]> } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(Object.keys(body.error).every((k) => ["code", "message", "details"].includes(k))).toBe(true);
  if (status === 401) expect(res.headers.get("www-authenticate")).toBe('Bearer realm="tollgate", error="invalid_token"');
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
