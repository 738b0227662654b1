// SECURITY.md's nginx recipe, verbatim, in a real nginx (Debian's) on
// 127.0.0.1 in front of two servers (one on SQLite, which serves one server
// per file): sign in, create and delete a token through it, the client's
// address recorded, and a forged Origin still refused (issue 21, finding 6).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { callAction, signIn } from "../support/actions";
import { request } from "../support/http";
import { freshDatabase, npmRun, PORTS, productionEnv, provider, type Running, sql, startServer, waitFor } from "../support/deployment";

const NGINX = "/usr/sbin/nginx";

/** The `location / { … }` block of SECURITY.md's recipe, as an operator copies it. */
function documentedLocation(): string {
  const doc = fs.readFileSync("SECURITY.md", "utf8");
  const block = /```nginx\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block?.includes("location / {")) throw new Error("SECURITY.md has no nginx location block");
  return block;
}

const running: Running[] = [];
let nginx: ChildProcess | null = null;
afterAll(async () => {
  nginx?.kill("SIGQUIT");
  await Promise.all(running.map((r) => r.stop()));
});

async function startNginx(upstreams: number[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tollgate-nginx-"));
  const conf = `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream tollgate { ${upstreams.map((p) => `server 127.0.0.1:${p};`).join(" ")} keepalive 8; }
  server {
    listen 127.0.0.1:${PORTS.nginx};
    server_name _;
${documentedLocation()}
  }
}
`;
  fs.writeFileSync(path.join(dir, "nginx.conf"), conf);
  nginx = spawn(NGINX, ["-c", path.join(dir, "nginx.conf"), "-p", dir], { stdio: ["ignore", "pipe", "pipe"] });
  const url = `http://127.0.0.1:${PORTS.nginx}`;
  for (let i = 0; i < 100; i++) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${fs.readFileSync(path.join(dir, "error.log"), "utf8")}`);
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return url;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("nginx did not come up");
}

describe(`SECURITY.md's nginx recipe in front of ${provider === "postgres" ? "two servers" : "one server"}`, () => {
  it("signs in, creates and deletes a token through nginx, and records the client's address", async () => {
    const databaseUrl = await freshDatabase("proxy");
    const publicUrl = `http://127.0.0.1:${PORTS.nginx}`;
    const env = productionEnv(databaseUrl, { TRUST_PROXY: "1", AUTH_URL: publicUrl });
    await npmRun("migrate", [], env);
    await npmRun("db:seed", [], env);
    const ports = provider === "postgres" ? [PORTS.first, PORTS.second] : [PORTS.first];
    for (const port of ports) running.push(startServer(port, env));
    await Promise.all(running.map((r) => waitFor(r)));
    const url = await startNginx(ports);
    expect(url).toBe(publicUrl);

    const cookie = await signIn(url, "admin@acme.test");
    const tab = await fetch(`${url}/w/acme/settings/developers`, { headers: { cookie }, redirect: "manual" });
    expect(tab.status).toBe(200);
    // Server actions through the proxy: several, so both upstreams serve some.
    const created: { id: string; plaintext: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await callAction(url, cookie, "createTokenAction", [
        "acme",
        { name: `Through nginx ${i}`, expiry: "7d", scopes: ["devices:read"], access: "all" },
      ]);
      expect(r.status, r.text.slice(0, 300)).toBe(200);
      expect(r.result?.ok).toBe(true);
      created.push(r.result!.data as { id: string; plaintext: string });
    }

    // The client's address as nginx saw it (a loopback address of the test's own), not nginx's.
    const client = "127.0.0.57";
    const used = await request(`${url}/api/v1/token`, {
      headers: { authorization: `Bearer ${created[0].plaintext}` },
      localAddress: client,
    });
    expect(used.status).toBe(200);
    await expect
      .poll(
        async () =>
          (await sql<{ ip: string | null }>(databaseUrl, 'SELECT "lastUsedIp" AS ip FROM "ApiToken" WHERE id = ?', [created[0].id]))[0]?.ip,
      )
      .toBe(client);
    // A client's own X-Forwarded-For is not believed: nginx appends the real peer, which is what counts.
    const forged = await request(`${url}/api/v1/token`, {
      headers: { authorization: `Bearer ${created[1].plaintext}`, "x-forwarded-for": "203.0.113.9" },
      localAddress: "127.0.0.58",
    });
    expect(forged.status).toBe(200);
    await expect
      .poll(
        async () =>
          (await sql<{ ip: string | null }>(databaseUrl, 'SELECT "lastUsedIp" AS ip FROM "ApiToken" WHERE id = ?', [created[1].id]))[0]?.ip,
      )
      .toBe("127.0.0.58");

    const [row] = await sql<{ version: number }>(databaseUrl, 'SELECT version FROM "ApiToken" WHERE id = ?', [created[0].id]);
    const deleted = await callAction(url, cookie, "deleteTokenAction", ["acme", { tokenId: created[0].id, version: row.version }]);
    expect(deleted.result?.ok).toBe(true);
    for (let i = 0; i < 4; i++) {
      expect((await fetch(`${url}/api/v1/token`, { headers: { authorization: `Bearer ${created[0].plaintext}` } })).status).toBe(401);
    }

    // Another site's page cannot post an action through the proxy.
    const refused = await callAction(
      url,
      cookie,
      "createTokenAction",
      ["acme", { name: "Forged", expiry: "7d", scopes: ["devices:read"], access: "all" }],
      {
        origin: "http://evil.example",
      },
    );
    expect(refused.status).toBe(403);
    expect(refused.result).toBeNull();
  }, 120_000);
});
