import fs from "node:fs";
import path from "node:path";
import { createClient, type Transaction } from "@libsql/client";

/**
 * One server per SQLite file. Two servers on one file would each keep their
 * own rate-limit counts (doubling every limit) and their own token cache (a
 * token deleted on one is still served by the other for TOKEN_CACHE_TTL_MS).
 * A server holds a write transaction on a small side file for as long as it
 * runs; the operating system releases it when the process ends in any way,
 * so a crash never leaves a stale lock. PostgreSQL is the path to N servers.
 */
const held: Transaction[] = [];

export type Claim = { ok: true } | { ok: false; message: string };

export async function claimSqliteFile(databaseFile: string): Promise<Claim> {
  const lockFile = `${databaseFile}.server-lock`;
  const pidFile = `${databaseFile}.server-pid`;
  const client = createClient({ url: `file:${lockFile}` });
  try {
    const tx = await client.transaction("write");
    await tx.execute("CREATE TABLE IF NOT EXISTS holder (pid INTEGER)");
    held.push(tx);
    fs.writeFileSync(pidFile, String(process.pid));
    return { ok: true };
  } catch (error) {
    client.close();
    if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
    const pid = fs.existsSync(pidFile) ? fs.readFileSync(pidFile, "utf8").trim() : "unknown";
    return {
      ok: false,
      message:
        `another Tollgate server (pid ${pid}) is already using the SQLite file ${databaseFile}.\n` +
        "One SQLite file serves one server: a second one would double every rate limit and serve tokens the first has deleted.\n" +
        "Stop the other server, or run several servers on PostgreSQL (DATABASE_URL=postgresql://…).",
    };
  }
}

/** Whether the directory can be written (a read-only volume, a mount without write access): the message says what is wrong, or null. */
export function unwritableDirectory(dir: string): string | null {
  const probe = path.join(dir, `.tollgate-write-check-${process.pid}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(probe, "");
    fs.rmSync(probe, { force: true });
    return null;
  } catch (error) {
    const code = (error as { code?: string }).code ?? "error";
    const why = code === "EROFS" ? "it is on a read-only file system" : code === "EACCES" || code === "EPERM" ? "permission denied" : code;
    return `the data directory ${dir} cannot be written (${why}). SQLite needs to write its database and journal there; mount it read-write or point DATABASE_URL elsewhere.`;
  }
}
