import { databaseTrouble } from "./errors";

/**
 * What this server has lately seen of its database: after a failure that
 * means "unreachable", requests stop waiting on it and only one request a
 * second probes it, until one succeeds. Keeps an outage from turning every
 * request into a connection timeout.
 */
class OutageGate {
  private downSince: number | null = null;
  private nextProbe = 0;

  /** Whether a request should try the database now (always, unless it is known down and another request probed within the second). */
  shouldTry(now = Date.now()) {
    if (this.downSince === null || now >= this.nextProbe) {
      if (this.downSince !== null) this.nextProbe = now + 1_000;
      return true;
    }
    return false;
  }

  /** Whether `error` means the database cannot be connected to; if so, remembered. */
  observe(error: unknown, now = Date.now()) {
    // A refused or dropped connection, not a timeout or a full pool: load alone must not put the server in outage mode.
    if (!databaseTrouble(error)?.connection) return false;
    this.downSince ??= now;
    this.nextProbe = now + 1_000;
    return true;
  }

  succeeded() {
    this.downSince = null;
  }

  get down() {
    return this.downSince !== null;
  }
}

/** The error requests get while the database is known to be down and it is not their turn to probe. */
export function unreachable() {
  return Object.assign(new Error("The database is unreachable (a recent request failed to reach it)."), { kind: "DatabaseNotReachable" });
}

const globalGate = globalThis as unknown as { tollgateOutage?: OutageGate };
export const outage = (globalGate.tollgateOutage ??= new OutageGate());
