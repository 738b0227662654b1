// Preloaded into the benchmarked server with NODE_OPTIONS=--require (never in
// normal runs). Counts SQL statements at the driver (libsql for SQLite, pg for
// PostgreSQL) by their first keyword and writes the totals (with the last few
// statements and process.memoryUsage()) to $BENCH_PROBE_DIR/probe-<pid>.json
// a few times a second, so the benchmark can tell how many queries and writes
// each case caused without any endpoint.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const dir = process.env.BENCH_PROBE_DIR;
if (dir) {
  const counts = { total: 0 };
  // The last few statements, for telling where unexpected ones came from.
  const recent = [];
  let dirty = true;
  const count = (sql) => {
    const verb = (/^\s*([A-Za-z]+)/.exec(String(sql)) ?? [undefined, "other"])[1].toUpperCase();
    recent.push({ at: new Date().toISOString(), sql: String(sql).slice(0, 160) });
    if (recent.length > 40) recent.shift();
    counts[verb] = (counts[verb] ?? 0) + 1;
    counts.total++;
    dirty = true;
  };
  const wrap = (proto, name, sqlOf) => {
    const original = proto?.[name];
    if (typeof original !== "function") return false;
    proto[name] = function (...args) {
      count(sqlOf(args));
      return original.apply(this, args);
    };
    return true;
  };
  const hooked = [];
  try {
    const libsql = require("libsql");
    if (wrap(libsql.prototype, "prepare", (a) => a[0])) hooked.push("libsql.prepare");
    if (wrap(libsql.prototype, "exec", (a) => a[0])) hooked.push("libsql.exec");
  } catch {}
  try {
    const pg = require("pg");
    const sqlOf = (a) => (typeof a[0] === "string" ? a[0] : (a[0]?.text ?? "other"));
    if (wrap(pg.Client.prototype, "query", sqlOf)) hooked.push("pg.Client.query");
  } catch {}
  // A server started from its own folder (a bench peer, bench/peers/*, with its own
  // node_modules) loads its own copies of the drivers: hook those too. Only when the copy
  // the working directory resolves is another file than the one above, so a server started
  // from the project's root is hooked exactly as before.
  const resolveFrom = (name, from) => {
    try {
      return require.resolve(name, { paths: [from] });
    } catch {
      return null;
    }
  };
  for (const name of ["libsql", "pg"]) {
    const local = resolveFrom(name, process.cwd());
    if (!local || local === resolveFrom(name, __dirname)) continue;
    try {
      const driver = require(local);
      if (name === "libsql") {
        if (wrap(driver.prototype, "prepare", (a) => a[0])) hooked.push("libsql.prepare (cwd)");
        if (wrap(driver.prototype, "exec", (a) => a[0])) hooked.push("libsql.exec (cwd)");
      } else {
        const sqlOf = (a) => (typeof a[0] === "string" ? a[0] : (a[0]?.text ?? "other"));
        if (wrap(driver.Client.prototype, "query", sqlOf)) hooked.push("pg.Client.query (cwd)");
      }
    } catch {}
  }
  // Per thread: NODE_OPTIONS preloads this into worker threads too, which share the pid; one file
  // per process made the main thread's counts and a worker's overwrite each other.
  const { threadId } = require("node:worker_threads");
  const file = path.join(dir, `probe-${process.pid}-${threadId}.json`);
  let lastMemory = 0;
  const flush = () => {
    // Memory too (once a second), to tell a leak from a heap that simply grew.
    if (!dirty && Date.now() - lastMemory < 1000) return;
    dirty = false;
    lastMemory = Date.now();
    try {
      // Write-then-rename, so a reader never sees half a file.
      fs.writeFileSync(`${file}.tmp`, JSON.stringify({ pid: process.pid, hooked, counts, recent, memory: process.memoryUsage() }));
      fs.renameSync(`${file}.tmp`, file);
    } catch {}
  };
  flush();
  setInterval(flush, 100).unref();
  process.on("exit", flush);
}
