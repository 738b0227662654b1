// The first start of a production database, as an operator does it (issue
// 21, findings 1 and 2): no demo data, the first owner by command, the demo
// removable, the seed all or nothing, and concurrent first starts.
import { afterEach, describe, expect, it } from "vitest";
import { callAction, DEMO_PASSWORD, postCredentials, signIn } from "../support/actions";
import {
  freshDatabase,
  npmRun,
  npmStart,
  PORTS,
  productionEnv,
  provider,
  type Running,
  sql,
  startServer,
  waitFor,
} from "../support/deployment";

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});
const track = (r: Running) => {
  running.push(r);
  return r;
};

async function hasSession(url: string, email: string, password: string) {
  const { response } = await postCredentials(url, email, password);
  return response.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token="));
}

describe(`first start of a production database (${provider})`, () => {
  it("starts without AUTH_SECRET, generating a local one, with webhook secrets stored sealed under it", async () => {
    const databaseUrl = await freshDatabase("no_auth_secret");
    const env = productionEnv(databaseUrl, { DEMO_SEED: "true" });
    delete env.AUTH_SECRET;
    // A webhook secret from before encryption, so the start has something to seal with the generated secret.
    await npmRun("migrate", [], env);
    await npmRun("db:seed", [], env);
    await sql(
      databaseUrl,
      `UPDATE "Workspace" SET "webhookUrl" = 'https://hooks.example.com/t', "webhookSecret" = 'whsec_legacy' WHERE "slug" = 'acme'`,
    );
    const server = track(npmStart(PORTS.first, env));
    await waitFor(server);
    expect(server.output()).toContain("AUTH_SECRET is not set: using a generated local secret");
    expect(server.output()).toContain("Sealed 1 webhook signing secret(s)");
    const [row] = await sql<{ webhookSecret: string }>(databaseUrl, `SELECT "webhookSecret" FROM "Workspace" WHERE "slug" = 'acme'`);
    expect(row.webhookSecret).toMatch(/^sealed:v1:/);
    await server.stop();
  });

  it("seeds no demo data when DATABASE_URL is set; the first owner comes from `npm run tollgate -- owner create`", async () => {
    const databaseUrl = await freshDatabase("first_start");
    const env = productionEnv(databaseUrl);
    const server = track(npmStart(PORTS.first, env));
    await waitFor(server);
    expect(server.output()).not.toContain(DEMO_PASSWORD);
    expect(server.output()).toContain("owner create");
    expect(await hasSession(server.url, "owner@acme.test", DEMO_PASSWORD)).toBe(false);
    expect(await sql(databaseUrl, 'SELECT id FROM "Workspace"')).toEqual([]);

    const printed = await npmRun(
      "tollgate",
      ["owner", "create", "--email", "Founder@Example.com", "--name", "Fay Founder", "--workspace", "Example Ltd", "--slug", "example"],
      { ...env, AUTH_URL: server.url },
    );
    const link = /(http:\/\/\S+\/invite#(\S+))/.exec(printed);
    expect(link, printed).not.toBeNull();
    expect(link![1].startsWith(`${server.url}/invite#`)).toBe(true);
    // The link is the only way in: no password works until it is used, and it works once.
    expect(await hasSession(server.url, "founder@example.com", DEMO_PASSWORD)).toBe(false);
    const password = "a long first password";
    const set = await callAction(server.url, null, "setPasswordAction", [{ secret: link![2], password, confirm: password }]);
    expect(set.result?.ok, set.text.slice(0, 500)).toBe(true);
    const again = await callAction(server.url, null, "setPasswordAction", [
      { secret: link![2], password: "another password!", confirm: "another password!" },
    ]);
    expect(again.result?.ok).toBe(false);

    const cookie = await signIn(server.url, "founder@example.com", password);
    const tab = await fetch(`${server.url}/w/example/settings/developers`, { headers: { cookie }, redirect: "manual" });
    expect(tab.status).toBe(200);
    expect(await tab.text()).toContain("Example Ltd");
    const created = await callAction(
      server.url,
      cookie,
      "createTokenAction",
      ["example", { name: "First token", expiry: "7d", scopes: ["devices:read"], access: "all" }],
      { slug: "example" },
    );
    expect(created.result?.ok).toBe(true);

    // An account invited elsewhere but never used: the operator's command gets a fresh link and the inviter's dies,
    // so whoever holds the old link cannot become the new workspace's owner.
    const invited = await callAction(
      server.url,
      cookie,
      "inviteMemberAction",
      ["example", { email: "pending@example.com", name: "Pending", role: "member" }],
      {
        slug: "example",
      },
    );
    expect(invited.result?.ok).toBe(true);
    const inviterLink = String(invited.result?.data?.secret);
    const second = await npmRun(
      "tollgate",
      ["owner", "create", "--email", "pending@example.com", "--name", "Pending", "--workspace", "Second", "--slug", "second"],
      { ...env, AUTH_URL: server.url },
    );
    const fresh = /\/invite#(\S+)/.exec(second)?.[1];
    expect(fresh, second).toBeTruthy();
    expect((await callAction(server.url, null, "invitationDetailsAction", [inviterLink])).result?.ok).toBe(false);
    expect((await callAction(server.url, null, "invitationDetailsAction", [fresh])).result?.ok).toBe(true);
    // The demo's slugs are reserved: `demo remove` deletes them.
    await expect(
      npmRun("tollgate", ["owner", "create", "--email", "y@example.com", "--name", "Y", "--workspace", "Y", "--slug", "acme"], env),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("demo workspace") });

    // A slug already taken, or a bad email, changes nothing and says why.
    await expect(
      npmRun("tollgate", ["owner", "create", "--email", "x@example.com", "--name", "X", "--workspace", "Y", "--slug", "example"], env),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("exists already") });
    await expect(
      npmRun("tollgate", ["owner", "create", "--email", "not-an-email", "--name", "X", "--workspace", "Y", "--slug", "other"], env),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("--email") });
  });

  it("`demo remove` deletes the demo workspaces and accounts, and nothing else", async () => {
    const databaseUrl = await freshDatabase("demo_remove");
    const env = productionEnv(databaseUrl, { DEMO_SEED: "true" });
    const server = track(npmStart(PORTS.first, env));
    await waitFor(server);
    expect(server.output()).toContain(DEMO_PASSWORD);
    expect(await hasSession(server.url, "owner@acme.test", DEMO_PASSWORD)).toBe(true);
    await npmRun(
      "tollgate",
      ["owner", "create", "--email", "real@example.com", "--name", "Real", "--workspace", "Real", "--slug", "real"],
      env,
    );

    const removed = await npmRun("tollgate", ["demo", "remove"], env);
    expect(removed).toMatch(/Removed the demo workspaces \(acme, globex\) and 5 demo accounts/);
    expect(await hasSession(server.url, "owner@acme.test", DEMO_PASSWORD)).toBe(false);
    expect((await sql<{ slug: string }>(databaseUrl, 'SELECT slug FROM "Workspace"')).map((w) => w.slug)).toEqual(["real"]);
    expect(await npmRun("tollgate", ["demo", "remove"], env)).toContain("No demo data here");
  });

  it("the seed is one transaction: a failure half-way leaves nothing, and the next start seeds in full", async () => {
    const databaseUrl = await freshDatabase("seed_atomic");
    const env = productionEnv(databaseUrl);
    await npmRun("migrate", [], env);
    const users = '"User"';
    // An account the seed creates third already exists (no workspace, so the database still counts as empty): the seed fails there.
    await sql(databaseUrl, `INSERT INTO ${users} (id, email, name, "passwordHash", active, "createdAt") VALUES (?, ?, ?, ?, ?, ?)`, [
      "blocker",
      "member@acme.test",
      "Blocker",
      "x",
      provider === "postgres" ? "true" : 1,
      new Date().toISOString(),
    ]);
    await expect(npmRun("db:seed", [], env)).rejects.toMatchObject({ code: 1 });
    // owner@ and admin@ were created before the failure: rolled back with it.
    expect(await sql(databaseUrl, `SELECT email FROM ${users} ORDER BY email`)).toEqual([{ email: "member@acme.test" }]);

    await sql(databaseUrl, `DELETE FROM ${users} WHERE id = ?`, ["blocker"]);
    await npmRun("db:seed", [], env);
    expect((await sql(databaseUrl, `SELECT email FROM ${users}`)).length).toBe(5);
  });

  if (provider === "postgres") {
    it("two servers started together on an empty PostgreSQL database both come up, and the demo is seeded once", async () => {
      const databaseUrl = await freshDatabase("concurrent_start");
      const env = productionEnv(databaseUrl, { DEMO_SEED: "true" });
      const a = track(npmStart(PORTS.first, env));
      const b = track(npmStart(PORTS.second, env));
      await Promise.all([waitFor(a), waitFor(b)]);
      expect(await sql(databaseUrl, 'SELECT slug FROM "Workspace" ORDER BY slug')).toEqual([{ slug: "acme" }, { slug: "globex" }]);
      expect(await hasSession(b.url, "owner@acme.test", DEMO_PASSWORD)).toBe(true);
    });

    it("migrate once, then start servers with MIGRATE_ON_START=false", async () => {
      const databaseUrl = await freshDatabase("migrate_once");
      const env = productionEnv(databaseUrl);
      await npmRun("migrate", [], env);
      const server = track(startServer(PORTS.first, { ...env, MIGRATE_ON_START: "false" }));
      await waitFor(server);
      const launched = track(npmStart(PORTS.second, { ...env, MIGRATE_ON_START: "false" }));
      await waitFor(launched);
      expect(launched.output()).toContain("not applying migrations");
    });
  } else {
    it("a second server on the same SQLite file refuses to start, saying why and what to use instead", async () => {
      const databaseUrl = await freshDatabase("second_server");
      const env = productionEnv(databaseUrl);
      const first = track(npmStart(PORTS.first, env));
      await waitFor(first);
      const second = track(startServer(PORTS.second, env));
      const { code } = await second.exited;
      expect(code).toBe(1);
      expect(second.output()).toMatch(/another Tollgate server \(pid \d+\) is already using the SQLite file/);
      expect(second.output()).toContain("PostgreSQL");
      // The lock dies with its holder: once the first has stopped, a server starts on the file.
      await first.stop();
      const third = track(startServer(PORTS.third, env));
      await waitFor(third);
    });
  }
});
