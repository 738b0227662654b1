import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("production start-up", () => {
  it("refuses to start without AUTH_SECRET, saying why", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
    delete env.AUTH_SECRET;
    const server = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", "3190", "-H", "127.0.0.1"], { env });
    let output = "";
    server.stdout.on("data", (d) => (output += d));
    server.stderr.on("data", (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        server.kill("SIGKILL");
        resolve(null);
      }, 20_000);
      server.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).toBe(1);
    expect(output).toContain("AUTH_SECRET is not set");
  });
});
