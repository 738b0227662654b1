/** A foreign key refused the write (Prisma's P2003): the row it points at is gone, e.g. deleted by a concurrent transaction. */
export function isForeignKeyViolation(error: unknown) {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2003";
}

/** A unique constraint refused the write (Prisma's P2002, on either database). */
export function isUniqueViolation(error: unknown) {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/**
 * Why the database cannot serve us, when that is what an error means:
 *  - `unavailable`: it cannot be reached or did not answer in time (stopped,
 *    restarting, a network partition, a hung server hitting the timeouts);
 *    `connection` says the connection itself failed (refused, reset, closed,
 *    shutting down), as opposed to a timeout or a full pool, which load alone
 *    can cause: only a connection failure opens the outage gate (lib/db/outage.ts);
 *  - `full` / `read_only`: it is up but cannot be written (SQLite's disk).
 * Everything else (a bug, a constraint) is null: a 500, not a 503.
 */
export type DatabaseTrouble = { kind: "unavailable" | "full" | "read_only"; cause: string; connection: boolean };

// PostgreSQL SQLSTATEs: 08xxx connection exceptions and 57P01-57P03 shutdown / cannot connect now (the connection failed);
// 57014 statement timeout and 53300 too many connections (the server is up but busy).
const PG_CONNECTION = /^(08\d{3}|57P0[123])$/;
const PG_BUSY = /^(57014|53300)$/;
const NET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
const CONNECTION_TEXT =
  /connection terminated|terminating connection|the database system is (starting up|shutting down)|Connection ended unexpectedly|Client has encountered a connection error|Can't reach database server|Server has closed the connection/i;
const BUSY_TEXT =
  /timeout exceeded when trying to connect|Connection timeout|query read timeout|canceling statement due to statement timeout/i;

function* chain(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current) && seen.size < 8) {
    seen.add(current);
    yield current as Record<string, unknown>;
    const next = current as { cause?: unknown; originalError?: unknown };
    current = next.cause ?? next.originalError;
  }
}

export function databaseTrouble(error: unknown): DatabaseTrouble | null {
  const unavailable = (cause: string, connection: boolean): DatabaseTrouble => ({ kind: "unavailable", cause, connection });
  for (const link of chain(error)) {
    const code = typeof link.code === "string" ? link.code : typeof link.originalCode === "string" ? link.originalCode : "";
    const extended = typeof link.extendedCode === "string" ? link.extendedCode : "";
    const message = typeof link.message === "string" ? link.message : "";
    const kind = typeof link.kind === "string" ? link.kind : "";
    if (/SQLITE_FULL/.test(code + extended) || /database or disk is full/i.test(message)) {
      return { kind: "full", cause: "SQLITE_FULL", connection: false };
    }
    if (/SQLITE_READONLY/.test(code + extended) || /attempt to write a readonly database/i.test(message)) {
      return { kind: "read_only", cause: "SQLITE_READONLY", connection: false };
    }
    if (/SQLITE_IOERR|SQLITE_CANTOPEN|SQLITE_BUSY/.test(code + extended)) return unavailable(code || extended, false);
    if (PG_CONNECTION.test(code)) return unavailable(`postgres ${code}`, true);
    if (PG_BUSY.test(code)) return unavailable(`postgres ${code}`, false);
    if (NET_CODES.has(code)) return unavailable(code, true);
    if (code === "ETIMEDOUT") return unavailable(code, false);
    if (code === "P1001" || code === "P1002" || code === "P1017") return unavailable(code, true);
    if (code === "P2024") return unavailable(code, false);
    if (kind === "DatabaseNotReachable" || kind === "ConnectionClosed") return unavailable(kind, true);
    if (kind === "SocketTimeout" || kind === "TooManyConnections") return unavailable(kind, false);
    if (CONNECTION_TEXT.test(message)) return unavailable(message.slice(0, 80), true);
    if (BUSY_TEXT.test(message)) return unavailable(message.slice(0, 80), false);
  }
  return null;
}

/** What an admin reads when the database is in trouble (instead of "Something went wrong"). */
export function troubleMessage(trouble: DatabaseTrouble): string {
  if (trouble.kind === "full") return "The database cannot be written: disk full. Nothing was saved; ask your operator to free space.";
  if (trouble.kind === "read_only") return "The database cannot be written: it is read-only. Nothing was saved; ask your operator.";
  return "The database cannot be reached right now. Nothing was saved; try again in a moment.";
}

/** A short, secret-free description of an error for the log: its name, code and database cause. */
export function describeError(error: unknown): Record<string, string> {
  const trouble = databaseTrouble(error);
  const first = [...chain(error)][0] ?? {};
  return {
    name: error instanceof Error ? error.name : typeof error,
    ...(typeof first.code === "string" ? { code: first.code } : {}),
    ...(trouble ? { cause: trouble.cause, db: trouble.kind } : {}),
  };
}
