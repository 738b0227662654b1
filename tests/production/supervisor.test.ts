// `npm start` under a process supervisor (issue 21, finding 3): signals reach
// the server, exit codes say what happened, in-flight requests drain for
// SHUTDOWN_GRACE_MS. Independent of the database: runs on SQLite.
import { execFileSync } from "node:child_process";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { freshDatabase, npmStart, PORTS, productionEnv, type Running, startServer, waitFor } from "../support/deployment";

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop("SIGKILL")));
});
const track = (r: Running) => {
  running.push(r);
  return r;
};

/** Pids of the processes whose parent is `pid`. */
function children(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .trim()
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function portRefuses(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

describe("npm start under a supervisor", () => {
  it("SIGTERM to the npm process stops the server too, exit 0, port released", async () => {
    const env = productionEnv(await freshDatabase("supervisor_term"));
    const app = track(npmStart(PORTS.first, env));
    await waitFor(app);
    // npm → the launcher (scripts/start.ts, exec'd, no shell between) → the server (server.ts).
    const [launcher] = children(app.child.pid!);
    const [server] = children(launcher);
    expect(server).toBeGreaterThan(0);
    app.child.kill("SIGTERM");
    const { code } = await app.exited;
    expect(code).toBe(0);
    await expect.poll(() => alive(server), { timeout: 15_000 }).toBe(false);
    expect(await portRefuses(PORTS.first)).toBe(true);
    expect(app.output()).toContain("shutting down");
  });

  it("exits non-zero when the port is taken, saying so", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(PORTS.second, "127.0.0.1", resolve));
    try {
      const app = track(npmStart(PORTS.second, productionEnv(await freshDatabase("supervisor_port"))));
      const { code } = await app.exited;
      expect(code).toBe(1);
      expect(app.output()).toContain(`port ${PORTS.second} on 127.0.0.1 is already in use`);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it("exits 128 + n when the server is killed by signal n, so Restart=on-failure restarts it", async () => {
    const env = productionEnv(await freshDatabase("supervisor_kill"));
    const app = track(npmStart(PORTS.third, env));
    await waitFor(app);
    const [launcher] = children(app.child.pid!);
    const [server] = children(launcher);
    process.kill(server, "SIGKILL");
    const { code } = await app.exited;
    expect(code).toBe(137);
    expect(app.output()).toContain("killed by SIGKILL");
  });

  it("drains an in-flight request on SIGTERM, and stops waiting after SHUTDOWN_GRACE_MS", async () => {
    const env = productionEnv(await freshDatabase("supervisor_drain"), { DEMO_SEED: "true" });
    // Migrations and seed by npm start once; then the server alone, as a supervisor would run it.
    const setup = track(npmStart(PORTS.first, env));
    await waitFor(setup);
    await setup.stop();

    const body = JSON.stringify({ tokens: ["tg_live_notarealtokenatall"] });
    const open = () =>
      new Promise<net.Socket>((resolve) => {
        const socket = net.connect(PORTS.second, "127.0.0.1", () => {
          // Headers and half the body: the request is in flight until the rest arrives.
          socket.write(
            `POST /api/v1/revocations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
          );
          resolve(socket);
        });
      });

    const server = track(startServer(PORTS.second, { ...env, SHUTDOWN_GRACE_MS: "30000" }));
    await waitFor(server);
    const socket = await open();
    let answer = "";
    socket.on("data", (d) => (answer += d));
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1_000));
    expect(server.child.exitCode).toBeNull();
    // New connections are refused while it drains.
    expect(await portRefuses(PORTS.second)).toBe(true);
    socket.write(body.slice(10));
    expect((await server.exited).code).toBe(0);
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    socket.destroy();

    const impatient = track(startServer(PORTS.third, { ...env, SHUTDOWN_GRACE_MS: "1000" }));
    await waitFor(impatient);
    const stuck = await new Promise<net.Socket>((resolve) => {
      const s = net.connect(PORTS.third, "127.0.0.1", () => {
        s.write(`POST /api/v1/revocations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`);
        resolve(s);
      });
    });
    stuck.on("error", () => {});
    await new Promise((r) => setTimeout(r, 300));
    const began = Date.now();
    impatient.child.kill("SIGTERM");
    expect((await impatient.exited).code).toBe(0);
    const took = Date.now() - began;
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(10_000);
    expect(impatient.output()).toContain("shutdown grace passed");
    stuck.destroy();
  });
});
