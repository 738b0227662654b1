// Outgoing webhooks against a real receiver on 127.0.0.1: signed requests,
// retries with backoff, once-only expiry events with two servers scanning,
// and the URL rules.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { revokeReported } from "@/lib/tokens/leaks";
import { createToken, deleteToken, regenerateToken } from "@/lib/tokens/service";
import { webhookSecretContext } from "@/lib/crypto/keyring";
import { keyringFrom, seal } from "@/lib/crypto/sealed";
import { resealWebhookSecrets } from "@/lib/webhooks/settings";
import { verifySignature } from "@/lib/webhooks/signature";
import { callAction, signIn } from "../support/actions";
import { checkWebhook } from "../support/contract";
import { freshWorkspace, tokenInput } from "../support/factories";
import { BASE_URL } from "../support/servers";

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const received: Received[] = [];
/** How each received delivery departs from the OpenAPI document's webhooks section (checked by the last test). */
const contractProblems: string[] = [];
/** How many requests to each path to fail with a 500 before answering 204. */
const failFirst = new Map<string, number>();
let receiver: Server;
let origin = "";

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body });
      // Checked after the answer, so the check never delays a delivery's outcome.
      setImmediate(() => {
        try {
          checkWebhook(req.headers, body);
        } catch (error) {
          contractProblems.push((error as Error).message);
        }
      });
      // A receiver that never answers (held until the test ends).
      if (path.startsWith("/hang/")) return;
      const left = failFirst.get(path) ?? 0;
      if (left > 0) {
        failFirst.set(path, left - 1);
        res.writeHead(500).end("try later");
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  await db.$disconnect();
});

async function workspaceWithHook(label: string, kind: "hook" | "hang" = "hook") {
  const ws = await freshWorkspace(label);
  const owner = await ws.person("owner");
  const cookie = await signIn(BASE_URL, owner.email);
  const path = `/${kind}/${ws.slug}`;
  const set = await callAction(BASE_URL, cookie, "setWebhookAction", [ws.slug, { url: `${origin}${path}` }], { slug: ws.slug });
  expect(set.result?.ok, JSON.stringify(set.result)).toBe(true);
  const secret = String(set.result?.data?.secret);
  expect(secret).toMatch(/^whsec_/);
  return { ws, owner, cookie, path, secret };
}

async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

const at = (path: string) => received.filter((r) => r.path === path);
const parsed = (r: Received) => JSON.parse(r.body) as { id: string; type: string; data: { token: { id: string; name: string } } };

describe("webhooks", () => {
  it("sign each event with HMAC-SHA-256 and retry a failed delivery with backoff until it succeeds", async () => {
    const { ws, owner, path, secret } = await workspaceWithHook("hook-retry");
    failFirst.set(path, 1);
    const issued = await createToken(owner.actor, tokenInput({ scopes: ["devices:read"] }));
    if (!issued.ok) throw new Error(issued.error);
    const requests = await until(
      () => at(path),
      (list) => list.length >= 2,
    );
    expect(requests).toHaveLength(2);
    // The same delivery twice: the retry of a 500.
    expect(requests.map((r) => parsed(r).id)).toEqual([parsed(requests[0]).id, parsed(requests[0]).id]);
    for (const r of requests) {
      expect(parsed(r)).toMatchObject({ type: "token.created", data: { token: { id: issued.data.id, name: issued.data.name } } });
      expect(r.headers["tollgate-event"]).toBe("token.created");
      const signature = String(r.headers["tollgate-signature"]);
      expect(verifySignature(secret, r.body, signature, Math.floor(Date.now() / 1000))).toBe(true);
      expect(verifySignature(secret, `${r.body} `, signature, Math.floor(Date.now() / 1000))).toBe(false);
      expect(r.body).not.toContain(issued.data.plaintext);
    }
    // The receiver has answered; the server records the outcome just after.
    const row = await until(
      () => db.webhookDelivery.findFirstOrThrow({ where: { workspaceId: ws.id, event: "token.created" } }),
      (r) => r.status !== "pending",
    );
    expect(row).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 204 });
  });

  it("store the signing secret encrypted: no plaintext in the database, bound to its workspace, and old plaintext sealed at start", async () => {
    const a = await workspaceWithHook("hook-sealed");
    const stored = async (id: string) =>
      (await db.workspace.findUniqueOrThrow({ where: { id }, select: { webhookSecret: true } })).webhookSecret!;
    const sealed = await stored(a.ws.id);
    expect(sealed).toMatch(/^sealed:v1:[0-9a-f]{8}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(a.secret.slice("whsec_".length));
    // Rolling it returns the new plaintext once and stores it sealed too.
    const rolled = await callAction(BASE_URL, a.cookie, "rollWebhookSecretAction", [a.ws.slug, {}], { slug: a.ws.slug });
    const secret = String(rolled.result?.data?.secret);
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(a.secret);
    expect(await stored(a.ws.id)).not.toContain(secret.slice("whsec_".length));
    const signedWith = async (owner: typeof a.owner, path: string) => {
      const issued = await createToken(owner.actor, tokenInput({ scopes: ["devices:read"] }));
      if (!issued.ok) throw new Error(issued.error);
      const got = await until(
        () => at(path).filter((r) => parsed(r).data.token.id === issued.data.id),
        (list) => list.length >= 1,
      );
      return got[0] ? { body: got[0].body, header: String(got[0].headers["tollgate-signature"]) } : null;
    };
    const first = await signedWith(a.owner, a.path);
    expect(first && verifySignature(secret, first.body, first.header, Math.floor(Date.now() / 1000))).toBe(true);

    // Copied into another workspace's row, the sealed value does not open: that delivery fails, saying why, and nothing is sent.
    const b = await workspaceWithHook("hook-copied");
    await db.workspace.update({ where: { id: b.ws.id }, data: { webhookSecret: await stored(a.ws.id) } });
    const issued = await createToken(b.owner.actor, tokenInput({ scopes: ["devices:read"] }));
    if (!issued.ok) throw new Error(issued.error);
    const failed = await until(
      () => db.webhookDelivery.findFirst({ where: { workspaceId: b.ws.id, event: "token.created", attempts: { gt: 0 } } }),
      (row) => row !== null,
    );
    expect(failed?.lastError).toMatch(/signing secret cannot be read.*copied from another row.*Roll the secret/);
    expect(at(b.path)).toHaveLength(0);

    // A secret from before encryption (plaintext in the row) still signs, and the start-up step seals it under AUTH_SECRET.
    const c = await workspaceWithHook("hook-legacy");
    await db.workspace.update({ where: { id: c.ws.id }, data: { webhookSecret: c.secret } });
    const legacy = await signedWith(c.owner, c.path);
    expect(legacy && verifySignature(c.secret, legacy.body, legacy.header, Math.floor(Date.now() / 1000))).toBe(true);
    // One sealed under an AUTH_SECRET this deployment never had: named, and left as it is.
    const d = await workspaceWithHook("hook-foreign-key");
    const foreign = seal(keyringFrom("an AUTH_SECRET from elsewhere"), d.secret, webhookSecretContext(d.ws.id));
    await db.workspace.update({ where: { id: d.ws.id }, data: { webhookSecret: foreign } });
    const { resealed, unopened } = await resealWebhookSecrets(db);
    expect(resealed).toBeGreaterThanOrEqual(1);
    expect(unopened).toContain(d.ws.slug);
    expect(await stored(d.ws.id)).toBe(foreign);
    expect(await stored(c.ws.id)).toMatch(/^sealed:v1:/);
    const after = await signedWith(c.owner, c.path);
    expect(after && verifySignature(c.secret, after.body, after.header, Math.floor(Date.now() / 1000))).toBe(true);
    // Nothing else stored plaintext: every workspace's secret in this database is sealed now, except the one that cannot open.
    const plain = await db.workspace.findMany({ where: { webhookSecret: { startsWith: "whsec_" } }, select: { slug: true } });
    expect(plain).toEqual([]);
  });

  it("deliver fairly: 30 events to a receiver that never answers do not hold up another workspace's delivery", async () => {
    const slow = await workspaceWithHook("hook-hang", "hang");
    const fast = await workspaceWithHook("hook-fair");
    for (let i = 0; i < 30; i++) {
      const issued = await createToken(slow.owner.actor, tokenInput({ scopes: ["devices:read"] }));
      if (!issued.ok) throw new Error(issued.error);
    }
    // The servers are now sending the hanging workspace's events (each holds its connections open).
    await until(
      () => at(slow.path),
      (list) => list.length >= 2,
    );
    const began = Date.now();
    const issued = await createToken(fast.owner.actor, tokenInput({ scopes: ["devices:read"] }));
    if (!issued.ok) throw new Error(issued.error);
    const got = await until(
      () => at(fast.path),
      (list) => list.length >= 1,
    );
    expect(got).toHaveLength(1);
    // Within a poll or two (WEBHOOK_POLL_MS is 200 in the tests), not behind the hanging receiver's time-outs.
    expect(Date.now() - began).toBeLessThan(1_500);
  });

  it("send a queued event to the URL the workspace has now, not the one it had when the event was queued", async () => {
    const { ws, owner, cookie, path } = await workspaceWithHook("hook-moved");
    failFirst.set(path, 1_000);
    const issued = await createToken(owner.actor, tokenInput({ scopes: ["devices:read"] }));
    if (!issued.ok) throw new Error(issued.error);
    const first = await until(
      () => at(path),
      (list) => list.length >= 1,
    );
    const deliveryId = parsed(first[0]).id;
    const moved = `/hook/${ws.slug}-moved`;
    const set = await callAction(BASE_URL, cookie, "setWebhookAction", [ws.slug, { url: `${origin}${moved}` }], { slug: ws.slug });
    expect(set.result?.ok).toBe(true);
    const retried = await until(
      () => at(moved),
      (list) => list.some((r) => parsed(r).id === deliveryId),
    );
    expect(retried.some((r) => parsed(r).id === deliveryId)).toBe(true);
    const before = at(path).length;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(at(path).length).toBe(before);
    failFirst.delete(path);
  });

  it("send token.expiring once per token and expiry, although both servers scan every half second", async () => {
    const { ws, owner, path } = await workspaceWithHook("hook-expiring");
    const soon = await createToken(owner.actor, tokenInput({ expiresAt: new Date(Date.now() + 3 * 24 * 3600_000) }));
    const later = await createToken(owner.actor, tokenInput({ expiresAt: new Date(Date.now() + 60 * 24 * 3600_000) }));
    if (!soon.ok || !later.ok) throw new Error("createToken failed");
    const expiring = () => at(path).filter((r) => parsed(r).type === "token.expiring");
    await until(expiring, (list) => list.length >= 1);
    // Several more scans on both servers.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(expiring().map((r) => parsed(r).data.token.id)).toEqual([soon.data.id]);
    expect(await db.webhookDelivery.count({ where: { workspaceId: ws.id, event: "token.expiring" } })).toBe(1);
  });

  it("take only HTTPS URLs to public addresses (loopback HTTP is the test servers' exception), and admins only", async () => {
    const { ws, cookie } = await workspaceWithHook("hook-rules");
    const set = (url: string, as = cookie) => callAction(BASE_URL, as, "setWebhookAction", [ws.slug, { url }], { slug: ws.slug });
    expect((await set("http://hooks.example.com/x")).result?.fieldErrors?.url?.[0]).toMatch(/https/);
    expect((await set("https://10.1.2.3/x")).result?.fieldErrors?.url?.[0]).toMatch(/public address/);
    expect((await set("https://user:pw@hooks.example.com/x")).result?.fieldErrors?.url?.[0]).toMatch(/credentials/);
    const member = await ws.person("member");
    const refused = await set("https://hooks.example.com/x", await signIn(BASE_URL, member.email));
    expect(refused.result).toMatchObject({ ok: false, code: "forbidden" });
    const rolled = await callAction(BASE_URL, cookie, "rollWebhookSecretAction", [ws.slug, {}], { slug: ws.slug });
    expect(String(rolled.result?.data?.secret)).toMatch(/^whsec_/);
    const workspace = await db.workspace.findUniqueOrThrow({ where: { id: ws.id } });
    expect(workspace.webhookUrl).toContain("/hook/");
  });
});

describe("the webhooks section of the OpenAPI document", () => {
  it("describes every delivery this file received: its event, headers and body, with no field it does not name", async () => {
    // The events the tests above do not cause: a regeneration, a deletion, a leak report.
    const { owner, path } = await workspaceWithHook("hook-contract");
    const issue = async () => {
      const issued = await createToken(owner.actor, tokenInput({ scopes: ["devices:read"] }));
      if (!issued.ok) throw new Error(issued.error);
      return issued.data;
    };
    const version = async (id: string) => (await db.apiToken.findUniqueOrThrow({ where: { id } })).version;
    const [rotated, deleted, leaked] = [await issue(), await issue(), await issue()];
    const regenerated = await regenerateToken(owner.actor, { tokenId: rotated.id, version: await version(rotated.id), expiresAt: null });
    expect(regenerated.ok).toBe(true);
    expect((await deleteToken(owner.actor, { tokenId: deleted.id, version: await version(deleted.id) })).ok).toBe(true);
    expect(
      await revokeReported({ tokens: [leaked.plaintext], url: "https://example.com/paste", ip: "127.0.0.1", userAgent: null }),
    ).toEqual({
      revoked: 1,
    });
    const wanted = ["token.created", "token.regenerated", "token.deleted", "token.leak_reported"];
    await until(
      () => new Set(at(path).map((r) => String(r.headers["tollgate-event"]))),
      (types) => wanted.every((t) => types.has(t)),
    );
    const events = new Set(received.map((r) => String(r.headers["tollgate-event"])));
    expect([...events].sort()).toEqual(expect.arrayContaining([...wanted, "token.expiring"]));
    expect(contractProblems).toEqual([]);
  });
});
