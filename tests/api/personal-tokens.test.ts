// Personal tokens (tg_user_): the workspace setting, the role cap at creation
// and on every request, /api/v1/user/*, and the owner's access ending the
// token on the very next request, on both servers.
import { afterAll, describe, expect, it } from "vitest";
import { db, provider } from "@/lib/db/client";
import { env } from "@/lib/env";
import { callAction, signIn } from "../support/actions";
import { contractFetch } from "../support/contract";
import { freshWorkspace, tokenInput } from "../support/factories";
import { BASE_URL, SECOND_BASE_URL } from "../support/servers";
import { createToken } from "@/lib/tokens/service";
import { listPersonalTokens } from "@/lib/tokens/queries";
import { expectError, expectOk } from "./helpers";

afterAll(() => db.$disconnect());

const checkedFetch = contractFetch();
const call = (token: string, path = "/api/v1/token", base = BASE_URL) =>
  checkedFetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });

/** A workspace of its own (the setting is workspace-wide), its owner signed in, and a member signed in. */
async function setup(label: string) {
  const ws = await freshWorkspace(label);
  const owner = await ws.person("owner");
  const member = await ws.person("member");
  const [ownerCookie, memberCookie] = await Promise.all([signIn(BASE_URL, owner.email), signIn(BASE_URL, member.email)]);
  const as = (cookie: string, name: Parameters<typeof callAction>[2], input: unknown) =>
    callAction(BASE_URL, cookie, name, [ws.slug, input], { slug: ws.slug });
  return { ws, owner, member, ownerCookie, memberCookie, as };
}

const personalInput = (scopes: string[]) => ({
  name: `mine ${Math.random().toString(36).slice(2, 8)}`,
  description: "",
  expiry: "30d",
  scopes,
  access: "all",
  deviceIds: [],
  groupIds: [],
  siteIds: [],
  ipAllowlist: "",
  environment: "live",
  rateLimitPerMinute: "",
});

async function personalToken(as: Awaited<ReturnType<typeof setup>>["as"], cookie: string, scopes: string[]) {
  const { result } = await as(cookie, "createPersonalTokenAction", personalInput(scopes));
  expect(result?.ok, JSON.stringify(result)).toBe(true);
  return { id: String(result?.data?.id), value: String(result?.data?.plaintext) };
}

describe("personal tokens", () => {
  it("are refused to a member while the setting is off, and to anyone for write scopes beyond a member's role", async () => {
    const { ws, memberCookie, ownerCookie, as } = await setup("personal-off");
    const refused = await as(memberCookie, "createPersonalTokenAction", personalInput(["devices:read"]));
    expect(refused.result).toMatchObject({ ok: false, code: "forbidden" });
    expect(refused.result?.error).toMatch(/not switched on/);
    expect(await db.apiToken.count({ where: { workspaceId: ws.id } })).toBe(0);

    // A member cannot switch it on for themselves.
    const forged = await as(memberCookie, "setPersonalTokensAction", { enabled: true });
    expect(forged.result).toMatchObject({ ok: false, code: "forbidden" });
    expect((await as(ownerCookie, "setPersonalTokensAction", { enabled: true })).result?.ok).toBe(true);
    const event = await db.auditEvent.findFirst({ where: { workspaceId: ws.id, action: "workspace.personal_tokens_enabled" } });
    expect(event).not.toBeNull();

    const writes = await as(memberCookie, "createPersonalTokenAction", personalInput(["devices:read", "devices:write"]));
    expect(writes.result).toMatchObject({ ok: false, code: "invalid" });
    expect(writes.result?.fieldErrors?.scopes?.[0]).toMatch(/devices:write/);
    const audit = await as(memberCookie, "createPersonalTokenAction", personalInput(["audit:read"]));
    expect(audit.result?.fieldErrors?.scopes?.[0]).toMatch(/audit/);
    // Members cannot give their own token more than the workspace default limit (1,000 here).
    const greedy = await as(memberCookie, "createPersonalTokenAction", { ...personalInput(["devices:read"]), rateLimitPerMinute: "5000" });
    expect(greedy.result?.fieldErrors?.rateLimitPerMinute?.[0]).toMatch(/at most 1,000/);
    expect(await db.apiToken.count({ where: { workspaceId: ws.id } })).toBe(0);
  });

  it("act as their owner: tg_user_, /api/v1/user/me and /user/tokens, and a workspace token gets 403 there", async () => {
    const { ws, member, memberCookie, ownerCookie, owner, as } = await setup("personal-me");
    await as(ownerCookie, "setPersonalTokensAction", { enabled: true });
    const mine = await personalToken(as, memberCookie, ["devices:read", "sites:read"]);
    expect(mine.value).toMatch(/^tg_user_[0-9A-Za-z]{33}$/);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: mine.id } });
    expect(row.ownerId).toBe(member.id);
    expect(JSON.stringify(row)).not.toContain(mine.value);

    const me = await expectOk<{ data: Record<string, unknown> }>(await call(mine.value, "/api/v1/user/me"));
    expect(me.data).toMatchObject({
      user: { id: member.id, email: member.email },
      role: "member",
      workspace: { id: ws.id, slug: ws.slug },
      allowed_scopes: ["devices:read", "sites:read"],
    });
    const list = await expectOk<{ data: { id: string; masked: string }[] }>(await call(mine.value, "/api/v1/user/tokens"));
    expect(list.data.map((t) => t.id)).toEqual([mine.id]);
    expect(list.data[0].masked).toMatch(/^tg_user_\w{4}…\w{4}$/);
    expect(JSON.stringify(list)).not.toContain(mine.value);
    const info = await expectOk<{ data: { type: string; environment: string } }>(await call(mine.value));
    expect(info.data).toMatchObject({ type: "personal", environment: "live" });
    expect((await call(mine.value, "/api/v1/sites")).status).toBe(200);

    // The owner's workspace token: fine elsewhere, 403 on /user/* with a code of its own (not "forbidden", which means a missing scope).
    const issued = await createToken(owner.actor, tokenInput({ scopes: ["devices:read"] }));
    if (!issued.ok) throw new Error(issued.error);
    const wrongKind = await call(issued.data.plaintext, "/api/v1/user/me");
    expect(wrongKind.headers.get("www-authenticate")).toBe(
      'Bearer realm="tollgate", error="insufficient_scope", error_description="A personal token is required"',
    );
    const error = await expectError(wrongKind, 403, "personal_token_required");
    expect(error.message).toMatch(/personal API token/);
    await expectError(await call(issued.data.plaintext, "/api/v1/user/tokens"), 403, "personal_token_required");
    // Without any token: the usual bare 401.
    expect((await checkedFetch(`${BASE_URL}/api/v1/user/me`)).status).toBe(401);
  });

  it("have names unique per owner: trying a name tells a member nothing about the workspace's or another person's tokens", async () => {
    const { ws, owner, ownerCookie, memberCookie, as } = await setup("personal-names");
    await as(ownerCookie, "setPersonalTokensAction", { enabled: true });
    const other = await ws.person("member");
    const otherCookie = await signIn(BASE_URL, other.email);
    const workspaceToken = await createToken(owner.actor, tokenInput({ name: "Deploy bot", scopes: ["devices:read"] }));
    expect(workspaceToken.ok).toBe(true);
    const create = (cookie: string, name: string) => as(cookie, "createPersonalTokenAction", { ...personalInput(["devices:read"]), name });

    // The workspace token's name, as a member's personal token: accepted, as for a name nobody has.
    expect((await create(memberCookie, "Deploy bot")).result?.ok).toBe(true);
    // Another member may use it too; the owner's own personal token as well.
    expect((await create(otherCookie, "Deploy bot")).result?.ok).toBe(true);
    expect((await create(ownerCookie, "Deploy bot")).result?.ok).toBe(true);
    // Only a second personal token of the same person clashes, and the message says it is theirs.
    const again = (await create(memberCookie, "Deploy bot")).result;
    expect(again).toMatchObject({ ok: false, code: "conflict" });
    expect(again?.fieldErrors?.name?.[0]).toBe("You already have a personal token with this name");
    // Workspace tokens still clash among themselves, and not with personal tokens of the name.
    const clash = await createToken(owner.actor, tokenInput({ name: "Deploy bot", scopes: ["devices:read"] }));
    expect(clash).toMatchObject({ ok: false, code: "conflict" });
    expect(clash.ok === false && clash.fieldErrors?.name?.[0]).toBe("A workspace token with this name already exists");
    expect((await createToken(owner.actor, tokenInput({ name: "mine only", scopes: ["devices:read"] }))).ok).toBe(true);
    expect(await db.apiToken.count({ where: { workspaceId: ws.id, name: "Deploy bot" } })).toBe(4);
  });

  it("lose write scopes on the next request when the owner is demoted, on both servers", async () => {
    const { ws, owner, ownerCookie, as } = await setup("personal-demote");
    // On: a demoted admin keeps the token as a member (with the setting off it would stop altogether, tested below).
    await as(ownerCookie, "setPersonalTokensAction", { enabled: true });
    const admin = await ws.person("admin");
    const adminCookie = await signIn(BASE_URL, admin.email);
    const token = await personalToken(as, adminCookie, ["devices:read", "devices:write"]);
    const rename = (base: string) =>
      checkedFetch(`${base}/api/v1/devices/NOPE-1`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${token.value}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "x" }),
      });
    // Allowed (the device does not exist: 404, not 403), cached on both servers.
    for (const base of [BASE_URL, SECOND_BASE_URL]) expect((await rename(base)).status).toBe(404);

    expect((await as(ownerCookie, "changeRoleAction", { userId: admin.id, role: "member" })).result?.ok).toBe(true);
    const error = await expectError(await rename(BASE_URL), 403, "forbidden");
    expect(error.message).toMatch(/devices:write.*role \(member\)/);
    // The other server: at once on PostgreSQL (notification), within the cache's lifetime on SQLite.
    await expectEventually(async () => (await rename(SECOND_BASE_URL)).status, 403);
    // Reading still works.
    expect((await call(token.value, "/api/v1/devices?limit=1")).status).toBe(200);
    expect(owner.id).toBeTruthy();
  });

  it("stop at once when the owner is deactivated, removed, or the setting is switched off; admins' own keep working", async () => {
    const { ws, ownerCookie, as } = await setup("personal-stop");
    await as(ownerCookie, "setPersonalTokensAction", { enabled: true });
    const people = await Promise.all([ws.person("member"), ws.person("member"), ws.person("member"), ws.person("admin")]);
    const cookies = await Promise.all(people.map((p) => signIn(BASE_URL, p.email)));
    const tokens = await Promise.all(cookies.map((cookie) => personalToken(as, cookie, ["devices:read"])));
    for (const t of tokens) expect((await call(t.value)).status).toBe(200);
    for (const t of tokens) expect((await call(t.value, "/api/v1/token", SECOND_BASE_URL)).status).toBe(200);

    const [deactivated, removed, offMember, admin] = tokens;
    expect((await as(ownerCookie, "setMemberActiveAction", { userId: people[0].id, active: false })).result?.ok).toBe(true);
    const gone = await expectError(await call(deactivated.value), 401, "unauthorized");
    expect(gone.message).toMatch(/no longer has access/);
    // The deactivated person's session ended too.
    const page = await fetch(`${BASE_URL}/w/${ws.slug}/settings/developers`, { headers: { cookie: cookies[0] }, redirect: "manual" });
    expect(page.status).toBe(307);

    expect((await as(ownerCookie, "removeMemberAction", { userId: people[1].id })).result?.ok).toBe(true);
    await expectError(await call(removed.value), 401, "unauthorized");

    expect((await as(ownerCookie, "setPersonalTokensAction", { enabled: false })).result?.ok).toBe(true);
    const off = await expectError(await call(offMember.value), 401, "unauthorized");
    expect(off.message).toMatch(/switched off/);
    expect((await call(admin.value)).status).toBe(200);
    for (const t of [deactivated, removed, offMember]) {
      await expectEventually(async () => (await call(t.value, "/api/v1/token", SECOND_BASE_URL)).status, 401);
    }

    // Reactivated and switched on again: the token that was never deleted works again.
    expect((await as(ownerCookie, "setMemberActiveAction", { userId: people[0].id, active: true })).result?.ok).toBe(true);
    expect((await as(ownerCookie, "setPersonalTokensAction", { enabled: true })).result?.ok).toBe(true);
    expect((await call(deactivated.value)).status).toBe(200);
  });

  it("admins delete a member's personal token but cannot regenerate or edit it; members cannot touch others'", async () => {
    const { ws, ownerCookie, memberCookie, as } = await setup("personal-admin");
    await as(ownerCookie, "setPersonalTokensAction", { enabled: true });
    const mine = await personalToken(as, memberCookie, ["devices:read"]);
    const version = 1;
    const regenerate = await as(ownerCookie, "regenerateTokenAction", { tokenId: mine.id, version, expiry: "30d", overlap: "now" });
    expect(regenerate.result).toMatchObject({ ok: false, code: "not_found" });
    expect(regenerate.text).not.toMatch(/tg_user_/);
    const edit = await as(ownerCookie, "updateTokenAction", {
      tokenId: mine.id,
      version,
      name: "hijacked",
      description: "",
      ipAllowlist: "",
    });
    expect(edit.result?.ok).toBe(false);
    // The member's own regenerate works; another member cannot.
    const other = await ws.person("member");
    const otherCookie = await signIn(BASE_URL, other.email);
    const stolen = await as(otherCookie, "regeneratePersonalTokenAction", { tokenId: mine.id, version, expiry: "30d", overlap: "now" });
    expect(stolen.result).toMatchObject({ ok: false, code: "not_found" });
    expect(await as(otherCookie, "deletePersonalTokenAction", { tokenId: mine.id, version })).toMatchObject({ result: { ok: false } });
    expect((await call(mine.value)).status).toBe(200);

    const deleted = await as(ownerCookie, "deleteTokenAction", { tokenId: mine.id, version });
    expect(deleted.result?.ok).toBe(true);
    await expectError(await call(mine.value), 401, "unauthorized");
  });
  it("the admins' list names each owner, the scopes and the last use, and marks an owner deactivated or removed", async () => {
    const { ws, owner, member, ownerCookie, memberCookie, as } = await setup("personal-list");
    await as(ownerCookie, "setPersonalTokensAction", { enabled: true });
    const mine = await personalToken(as, memberCookie, ["devices:read", "sites:read"]);
    const ownersOwn = await personalToken(as, ownerCookie, ["devices:read", "devices:write"]);
    // A workspace token is not a personal one and is not listed.
    const workspaceToken = await createToken(owner.actor, tokenInput({ scopes: ["devices:read"] }));
    if (!workspaceToken.ok) throw new Error(workspaceToken.error);
    const person = await db.user.findUniqueOrThrow({ where: { id: member.id }, select: { name: true } });
    const listed = async (id: string) => {
      const list = await listPersonalTokens(ws.id);
      expect(list.map((t) => t.id).sort()).toEqual([mine.id, ownersOwn.id].sort());
      expect(JSON.stringify(list)).not.toContain(mine.value);
      return list.find((t) => t.id === id)!;
    };

    const unused = await listed(mine.id);
    expect(unused.lastUsedAt).toBeNull();
    expect(unused.owner).toEqual({ id: member.id, name: person.name, email: member.email, role: "member", status: "active" });
    expect((await listed(ownersOwn.id)).owner).toMatchObject({ id: owner.id, email: owner.email, role: "owner", status: "active" });

    const before = Date.now();
    expect((await call(mine.value, "/api/v1/sites?limit=1")).status).toBe(200);
    const after = Date.now();
    // Last use is written just after the request is answered.
    for (let i = 0; i < 50 && (await listed(mine.id)).lastUsedAt === null; i++) await new Promise((r) => setTimeout(r, 100));
    const used = await listed(mine.id);
    expect(used).toMatchObject({
      name: expect.any(String),
      masked: expect.stringMatching(/^tg_user_\w{4}…\w{4}$/),
      environment: "live",
      access: { all: true },
      owner: { id: member.id, name: person.name, email: member.email, role: "member", status: "active" },
    });
    expect([...used.scopes].sort()).toEqual(["devices:read", "sites:read"]);
    const usedAt = new Date(used.lastUsedAt ?? 0).getTime();
    expect(usedAt).toBeGreaterThanOrEqual(before - 1_000);
    expect(usedAt).toBeLessThanOrEqual(after + 1_000);
    expect(used.lastUsedIp).toBeTruthy();

    expect((await as(ownerCookie, "setMemberActiveAction", { userId: member.id, active: false })).result?.ok).toBe(true);
    const deactivated = await listed(mine.id);
    expect(deactivated.owner).toEqual({ id: member.id, name: person.name, email: member.email, role: "member", status: "deactivated" });
    // What was recorded stays: scopes and the last use.
    expect(deactivated.lastUsedAt).toBe(used.lastUsedAt);
    expect([...deactivated.scopes].sort()).toEqual(["devices:read", "sites:read"]);
    await expectError(await call(mine.value), 401, "unauthorized");
    // The owner's own token is not the deactivated person's.
    expect((await listed(ownersOwn.id)).owner.status).toBe("active");

    expect((await as(ownerCookie, "removeMemberAction", { userId: member.id })).result?.ok).toBe(true);
    const removed = await listed(mine.id);
    expect(removed.owner).toMatchObject({ id: member.id, email: member.email, role: null, status: "removed" });
  });
});

async function expectEventually(read: () => Promise<number>, expected: number) {
  const deadline = Date.now() + (provider === "postgres" ? 0 : env.TOKEN_CACHE_TTL_MS + 2_000);
  let seen = await read();
  while (seen !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    seen = await read();
  }
  expect(seen).toBe(expected);
}
