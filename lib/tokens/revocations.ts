import pg from "pg";
import { databaseConfig } from "../db/config";
import { env } from "../env";
import { provider, type Tx } from "../db/client";
import { describeError } from "../db/errors";
import { log } from "../ops/log";
import { tokenCache } from "./cache";

/**
 * Cross-server revocation on PostgreSQL: regenerate and delete send
 * pg_notify inside their transaction, so every server listening hears it the
 * moment the change commits and drops the token from its cache. Until a
 * server's listener is connected it does not cache at all.
 */
const CHANNEL = "tollgate_token_revoked";
/** A workspace's state changed (suspended or resumed): every server drops all its tokens. */
const WORKSPACE_CHANNEL = "tollgate_workspace_changed";

export async function announceRevocation(tx: Tx, hash: string) {
  if (provider !== "postgres") return;
  await tx.$executeRaw`SELECT pg_notify(${CHANNEL}, ${hash})`;
}

/** Both values a token may have (the current one, and during a rotation overlap the old one): announced to every server. */
export async function announceRevocations(tx: Tx, token: { hash: string; previousHash: string | null }) {
  await announceRevocation(tx, token.hash);
  if (token.previousHash) await announceRevocation(tx, token.previousHash);
}

/** After the commit: this server's cache forgets both values. */
export function evictValues(token: { hash: string; previousHash: string | null }) {
  tokenCache.evict(token.hash);
  if (token.previousHash) tokenCache.evict(token.previousHash);
}

/** Other servers hear it when the transaction commits; the caller evicts its own cache after the commit. */
export async function announceWorkspaceChange(tx: Tx, workspaceId: string) {
  if (provider !== "postgres") return;
  await tx.$executeRaw`SELECT pg_notify(${WORKSPACE_CHANNEL}, ${workspaceId})`;
}

interface ListenerState {
  connected: boolean;
  starting: boolean;
}

const state = ((globalThis as unknown as { tollgateRevocations?: ListenerState }).tollgateRevocations ??= {
  connected: false,
  starting: false,
});

/** Whether this server may trust its cache: always on SQLite, once listening on PostgreSQL. */
export function cacheIsSafe() {
  return provider !== "postgres" || state.connected;
}

/** Readiness on PostgreSQL: a server that cannot hear revocations must not take traffic from a load balancer. */
export function listenerConnected() {
  return provider !== "postgres" || state.connected;
}

/**
 * Listens on its own connection and reconnects by itself (1 s, then up to
 * 10 s apart). While deaf the cache is not trusted (`cacheIsSafe`) but kept:
 * if the database is down too, verify.ts may serve a recently read token from
 * it. Once listening again everything cached before is dropped, since
 * notifications sent in between were missed.
 */
export function startRevocationListener(attempt = 0) {
  if (provider !== "postgres" || state.connected || state.starting) return;
  state.starting = true;
  const client = new pg.Client({
    connectionString: databaseConfig(env.DATABASE_URL).url,
    connectionTimeoutMillis: env.DATABASE_CONNECT_TIMEOUT_MS,
    keepAlive: true,
  });
  let restarted = false;
  const restart = (error: unknown) => {
    if (restarted) return;
    restarted = true;
    const wasConnected = state.connected;
    state.connected = false;
    state.starting = false;
    if (wasConnected) log.warn({ err: describeError(error) }, "revocation listener lost its connection; reconnecting");
    client.end().catch(() => {});
    const delay = Math.min(10_000, 1_000 * 2 ** Math.min(attempt, 4));
    setTimeout(() => startRevocationListener(wasConnected ? 0 : attempt + 1), wasConnected ? 1_000 : delay).unref();
  };
  client.on("notification", (message) => {
    if (message.channel === CHANNEL && message.payload) tokenCache.evict(message.payload);
    if (message.channel === WORKSPACE_CHANNEL && message.payload) tokenCache.evictWorkspace(message.payload);
  });
  client.on("error", restart);
  client.on("end", () => restart(new Error("connection ended")));
  client
    .connect()
    .then(() => client.query(`LISTEN ${CHANNEL}; LISTEN ${WORKSPACE_CHANNEL}`))
    .then(() => {
      // Whatever was cached before this connection may have missed a notification.
      tokenCache.clear();
      state.connected = true;
      state.starting = false;
      if (attempt > 0) log.info("revocation listener connected again");
    })
    .catch(restart);
}
