import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { spawnServer, waitForHealth } from "../../scripts/lib/server";
import { DEMO_PASSWORD, postCredentials } from "../support/actions";
import { request } from "../support/http";
import { SECOND_BASE_URL } from "../support/servers";

/** Runs a server that should refuse to start; returns its exit code and output. */
async function refusal(server: ChildProcess) {
  let output = "";
  server.stdout?.on("data", (d) => (output += d));
  server.stderr?.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      server.kill("SIGKILL");
      resolve(null);
    }, 30_000);
    server.on("exit", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  return { code, output };
}

describe("production start-up", () => {
  it("refuses to start without AUTH_SECRET, saying why", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
    delete env.AUTH_SECRET;
    const { code, output } = await refusal(spawnServer({ port: 3195, env, stdio: "pipe" }));
    expect(code).toBe(1);
    expect(output).toContain("AUTH_SECRET is not set");
  });

  it("refuses plain `next start`, which would take a client's X-Forwarded-For at its word", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", AUTH_SECRET: "startup-test" };
    const { code, output } = await refusal(
      spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", "3196", "-H", "127.0.0.1"], { env }),
    );
    expect(code).toBe(1);
    expect(output).toContain("without its edge server");
  });

  it("refuses single sign-on without AUTH_URL, saying why", async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      AUTH_SECRET: "startup-test",
      AUTH_OIDC_ISSUER: "https://idp.example",
      AUTH_OIDC_ID: "x",
      AUTH_OIDC_SECRET: "y",
    };
    delete env.AUTH_URL;
    const { code, output } = await refusal(spawnServer({ port: 3197, env, stdio: "pipe" }));
    expect(code).toBe(1);
    expect(output).toContain("AUTH_URL is not");
  });

  it("refuses a TRUST_PROXY it cannot read", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", AUTH_SECRET: "startup-test", TRUST_PROXY: "yes" };
    const { code, output } = await refusal(spawnServer({ port: 3198, env, stdio: "pipe" }));
    expect(code).not.toBe(0);
    expect(output).toContain("TRUST_PROXY");
  });

  it("without AUTH_URL, Auth.js sends the browser back to the host it used, not localhost", async () => {
    // The second test server runs without AUTH_URL; the browser calls it by a (non-loopback) name.
    const host = "tollgate.test:3101";
    const csrf = await request(`${SECOND_BASE_URL}/api/auth/csrf`, { headers: { host } });
    const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
    const res = await request(`${SECOND_BASE_URL}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { host, cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        email: "admin@acme.test",
        password: DEMO_PASSWORD,
        csrfToken,
        callbackUrl: `http://${host}/settings/developers`,
      }).toString(),
    });
    expect(res.headers.location).toBe(`http://${host}/settings/developers`);
  });

  it("behind HTTPS in production, session cookies are Secure, HttpOnly and SameSite=Lax", async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      AUTH_URL: "https://tollgate.test",
      AUTH_SECRET: "startup-test",
    };
    const server = spawnServer({ port: 3199, env, stdio: "ignore" });
    try {
      await waitForHealth("http://127.0.0.1:3199", server);
      const { response } = await postCredentials("http://127.0.0.1:3199", "admin@acme.test", DEMO_PASSWORD);
      const session = response.headers.getSetCookie().find((c) => /authjs\.session-token=/.test(c));
      expect(session).toMatch(/^__Secure-authjs\.session-token=/);
      expect(session).toMatch(/;\s*Secure/i);
      expect(session).toMatch(/HttpOnly/i);
      expect(session).toMatch(/SameSite=Lax/i);
    } finally {
      server.kill("SIGTERM");
    }
  });
});
