import { randomBytes } from "node:crypto";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { generateToken } from "@/lib/tokens/format";
import { deleteToken, regenerateToken } from "@/lib/tokens/service";
import { BASE_URL } from "../support/servers";
import { actorFor, api, expectError, expectOk, inTransaction, makeToken, tokenVersion } from "./helpers";

// The token cache on the server keeps a verified token for TOKEN_CACHE_TTL_MS
// (5 s by default), so each test that changes a token in the database uses
// one the server has never seen, unless it is testing the cache itself.

describe("authentication", () => {
  it("answers a request without credentials with a bare challenge (RFC 6750 3.1: no error code)", async () => {
    const res = await api("/api/v1/token");
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="tollgate"');
    const error = await expectError(res, 401, "unauthorized");
    expect(error.message).toMatch(/No API token/);
  });

  it.each([
    ["a short value", { authorization: "Bearer tg_live_short" }],
    ["another prefix", { authorization: `Bearer ghp_${"a".repeat(36)}` }],
    ["a malformed x-api-key", { "x-api-key": "not-a-token" }],
  ])("refuses %s as an invalid token", async (_label, headers) => {
    const res = await api("/api/v1/token", { headers });
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="tollgate", error="invalid_token"');
    const error = await expectError(res, 401, "unauthorized");
    expect(error.message).not.toMatch(/tg_live_[0-9A-Za-z]{33}/);
  });

  it.each([
    ["another scheme", { authorization: "Basic dXNlcjpwYXNz" }, "authorization"],
    ["Bearer without a token", { authorization: "Bearer" }, "authorization"],
    ["an empty x-api-key", { "x-api-key": " " }, "x-api-key"],
  ])("refuses %s as an invalid request (400, RFC 6750 3.1)", async (_label, headers, field) => {
    const res = await api("/api/v1/token", { headers });
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="tollgate", error="invalid_request"');
    const error = await expectError(res, 400, "invalid_request");
    expect(Object.keys(error.details ?? {})).toEqual([field]);
  });

  it("refuses a repeated Authorization header instead of using the first", async () => {
    const token = await makeToken({ label: "repeated" });
    const headers = new Headers();
    headers.append("authorization", `Bearer ${token.value}`);
    headers.append("authorization", `Bearer ${generateToken()}`);
    const res = await api("/api/v1/token", { headers });
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="tollgate", error="invalid_request"');
    await expectError(res, 400, "invalid_request");
  });

  it("refuses two Authorization header lines (which Node would cut to the first), even when the first is valid", async () => {
    const token = await makeToken({ label: "two lines" });
    const { port, hostname } = new URL(BASE_URL);
    const answer = await new Promise<string>((resolve, reject) => {
      // Written, not ended: a half-closed socket may be dropped before the answer. Connection: close ends it after the response.
      const socket = net.connect(Number(port), hostname, () => {
        socket.write(
          "GET /api/v1/token HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
            `Authorization: Bearer ${token.value}\r\nAuthorization: Bearer ${generateToken()}\r\n\r\n`,
        );
      });
      let text = "";
      socket.on("data", (d) => (text += d));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"code":"invalid_request"');
    expect(answer).toContain("Send one Authorization header");
  });

  it("refuses a token whose checksum does not match", async () => {
    const value = generateToken();
    const last = value.at(-1) === "A" ? "B" : "A";
    const error = await expectError(await api("/api/v1/token", { token: value.slice(0, -1) + last }), 401, "unauthorized");
    expect(error.message).toMatch(/checksum/);
  });

  it("refuses a well-formed token nobody issued", async () => {
    const error = await expectError(await api("/api/v1/token", { token: generateToken() }), 401, "unauthorized");
    expect(error.message).toMatch(/unknown or has been revoked/);
  });

  it("accepts the token as Bearer (any case) and as x-api-key", async () => {
    const token = await makeToken({ label: "headers" });
    const variants: Record<string, string>[] = [
      { authorization: `Bearer ${token.value}` },
      { authorization: `bearer ${token.value}` },
      { "x-api-key": token.value },
      { authorization: `Bearer ${token.value}`, "x-api-key": token.value },
    ];
    for (const headers of variants) {
      const body = await expectOk<{ data: { id: string } }>(await api("/api/v1/token", { headers }));
      expect(body.data.id).toBe(token.id);
    }
  });

  it("refuses two different tokens in the two headers with a 400", async () => {
    const token = await makeToken({ label: "conflict" });
    const res = await api("/api/v1/token", { token: token.value, apiKey: generateToken() });
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="tollgate", error="invalid_request"');
    const error = await expectError(res, 400, "invalid_request");
    expect(Object.keys(error.details ?? {})).toEqual(["authorization", "x-api-key"]);
  });

  it.each(["token", "api_key", "access_token", "key"])("ignores a token in the query string (?%s=)", async (param) => {
    const token = await makeToken({ label: "query" });
    await expectError(await api(`/api/v1/token?${param}=${token.value}`), 401, "unauthorized");
  });

  it("refuses a deleted token", async () => {
    const actor = await actorFor("acme");
    const token = await makeToken({ actor, label: "deleted" });
    const version = await tokenVersion(token.id);
    const deleted = await inTransaction(() => deleteToken(actor, { tokenId: token.id, version }));
    expect(deleted.ok).toBe(true);
    await expectError(await api("/api/v1/token", { token: token.value }), 401, "unauthorized");
  });

  it("stops a token deleted elsewhere within the cache lifetime", async () => {
    const actor = await actorFor("acme");
    const token = await makeToken({ actor, label: "deleted-after-use" });
    await expectOk(await api("/api/v1/token", { token: token.value }));
    const version = await tokenVersion(token.id);
    await inTransaction(() => deleteToken(actor, { tokenId: token.id, version }));
    // This process's deleteToken cannot evict the server's cache; its TTL (5 s by default) must.
    const deadline = Date.now() + 8_000;
    let status = 200;
    while (Date.now() < deadline && status === 200) {
      status = (await api("/api/v1/token", { token: token.value })).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(401);
  });

  it("refuses the old value of a regenerated token and accepts the new one", async () => {
    const actor = await actorFor("acme");
    const token = await makeToken({ actor, label: "regenerated" });
    const version = await tokenVersion(token.id);
    const regenerated = await inTransaction(() => regenerateToken(actor, { tokenId: token.id, version, expiresAt: null }));
    if (!regenerated.ok) throw new Error(regenerated.error);
    await expectError(await api("/api/v1/token", { token: token.value }), 401, "unauthorized");
    const body = await expectOk<{ data: { id: string } }>(await api("/api/v1/token", { token: regenerated.data.plaintext }));
    expect(body.data.id).toBe(token.id);
  });

  it("refuses an expired token", async () => {
    const token = await makeToken({ label: "expired", expiresAt: new Date(Date.now() + 86_400_000) });
    await db.apiToken.update({ where: { id: token.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    const error = await expectError(await api("/api/v1/devices", { token: token.value }), 401, "unauthorized");
    expect(error.message).toMatch(/expired/);
  });

  it("refuses a token of a suspended workspace", async () => {
    // A workspace of its own, so no other test's tokens are cached as suspended meanwhile.
    const acme = await actorFor("acme");
    const workspace = await db.workspace.create({
      data: { slug: `api-suspended-${randomBytes(4).toString("hex")}`, name: "API test suspended" },
    });
    try {
      const token = await makeToken({ actor: { ...acme, workspace: { id: workspace.id } }, label: "suspended" });
      await db.workspace.update({ where: { id: workspace.id }, data: { suspended: true } });
      const error = await expectError(await api("/api/v1/token", { token: token.value }), 401, "workspace_suspended");
      expect(error.message).toMatch(/suspended/);
    } finally {
      await db.workspace.update({ where: { id: workspace.id }, data: { suspended: false } });
      await db.workspace.delete({ where: { id: workspace.id } });
    }
  });
});
