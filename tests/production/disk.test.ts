// A SQLite data directory that fills up or turns read-only (issue 21,
// finding 7), on a small tmpfs of the test's own: admins read "disk full",
// API writes get 503, reads keep working, and a read-only data directory is
// refused at start. SQLite runs only (vitest.integration.config.ts); needs
// root to mount, as CI runs.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { callAction, signIn } from "../support/actions";
import { npmRun, npmStart, PORTS, productionEnv, type Running, startServer, waitFor } from "../support/deployment";

const dir = `/tmp/tollgate-disk-${process.pid}`;
const running: Running[] = [];
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop("SIGKILL")));
  execFileSync("umount", ["-l", dir], { stdio: "ignore" });
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes a file until the file system says ENOSPC. */
function fill(file: string) {
  const chunk = Buffer.alloc(64 * 1024, 1);
  const fd = fs.openSync(file, "a");
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    fs.closeSync(fd);
  }
}

describe("a full, then read-only, SQLite data directory", () => {
  it("tells admins the disk is full, answers API writes with 503 while reads work, and refuses to start read-only", async () => {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=32m", "tmpfs", dir]);
    const env = productionEnv(`file:${path.join(dir, "tollgate.db")}`);
    await npmRun("migrate", [], env);
    await npmRun("db:seed", [], env);
    const server = startServer(PORTS.first, env);
    running.push(server);
    await waitFor(server);
    const cookie = await signIn(server.url, "admin@acme.test");
    const create = (name: string) =>
      callAction(server.url, cookie, "createTokenAction", [
        "acme",
        { name, expiry: "7d", scopes: ["devices:read", "devices:write"], access: "all" },
      ]);
    const first = await create("Before the disk filled");
    expect(first.result?.ok).toBe(true);
    const { plaintext } = first.result!.data as { plaintext: string };
    const auth = { authorization: `Bearer ${plaintext}` };

    fill(path.join(dir, "filler"));
    // SQLite reuses its write-ahead log's space until the database file itself must grow: keep writing until it must.
    let failure: { error?: string } | null = null;
    for (let i = 0; i < 200 && !failure; i++) {
      const r = await create(`Filling ${i} ${"x".repeat(40)}`);
      if (!r.result?.ok) failure = r.result;
    }
    expect(failure, "a write failed once the disk was full").not.toBeNull();
    expect(failure!.error).toMatch(/^The database cannot be written: disk full\. Nothing was saved/);

    const rename = await fetch(`${server.url}/api/v1/devices/ACM-1001`, {
      method: "PATCH",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ name: "Renamed on a full disk" }),
    });
    expect(rename.status).toBe(503);
    expect(rename.headers.get("retry-after")).toBe("5");
    const body = (await rename.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("service_unavailable");
    expect(body.error.message).toContain("disk full");
    // Reads need no space.
    expect((await fetch(`${server.url}/api/v1/devices/ACM-1001`, { headers: auth })).status).toBe(200);
    expect(server.output()).toContain('"cause":"SQLITE_FULL"');
    expect(server.output()).not.toMatch(/uncaught|unhandled/i);

    // Space again: writes work again, nothing to restart.
    fs.rmSync(path.join(dir, "filler"));
    expect((await create("After space was freed")).result?.ok).toBe(true);

    await server.stop();
    execFileSync("mount", ["-o", "remount,ro", dir]);
    const readOnly = startServer(PORTS.second, env);
    running.push(readOnly);
    expect((await readOnly.exited).code).toBe(1);
    expect(readOnly.output()).toContain(`the data directory ${dir} cannot be written (it is on a read-only file system)`);
    const launched = npmStart(PORTS.third, env);
    running.push(launched);
    expect((await launched.exited).code).toBe(1);
    expect(launched.output()).toContain("read-only file system");
  }, 180_000);
});
