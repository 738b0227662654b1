import { db } from "../db/client";

const FLUSH_INTERVAL_MS = 60_000;

/**
 * Last-used bookkeeping without a write per request: a token's row is
 * updated at most once a minute per server, carrying the latest time and IP.
 */
class LastUsed {
  private written = new Map<string, number>();

  touch(tokenId: string, ip: string, now = Date.now()) {
    const last = this.written.get(tokenId);
    if (last !== undefined && now - last < FLUSH_INTERVAL_MS) return;
    this.written.set(tokenId, now);
    if (this.written.size > 50_000) this.written.clear();
    db.apiToken.updateMany({ where: { id: tokenId }, data: { lastUsedAt: new Date(now), lastUsedIp: ip } }).catch(() => {
      // A failed bookkeeping write must never fail the request; retried by a request 5 s later (not by every one while the database is down).
      this.written.set(tokenId, now - FLUSH_INTERVAL_MS + 5_000);
    });
  }
}

const globalLastUsed = globalThis as unknown as { tollgateLastUsed?: LastUsed };
export const lastUsed = (globalLastUsed.tollgateLastUsed ??= new LastUsed());
