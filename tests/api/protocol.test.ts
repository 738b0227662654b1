// HTTP as RFC 9110 has it, on every /api/v1 path, and the typed client.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { tollgate } from "../../clients/typescript";
import { contractFetch } from "../support/contract";
import { request } from "../support/http";
import { api, BASE_URL, expectError, expectOk, makeToken, type TestToken } from "./helpers";

let token: TestToken;
let serial: string;
beforeAll(async () => {
  token = await makeToken({ label: "protocol" });
  const acme = await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } });
  serial = (await db.device.findFirstOrThrow({ where: { workspaceId: acme.id, environment: "live" }, orderBy: { serial: "desc" } })).serial;
});

describe("methods", () => {
  it.each([
    ["POST", "/api/v1/token", "GET, HEAD, OPTIONS"],
    ["DELETE", "/api/v1/devices/ACM-1001", "GET, HEAD, PATCH, OPTIONS"],
    ["PATCH", "/api/v1/devices", "GET, HEAD, OPTIONS"],
    ["PUT", "/api/v1/openapi.json", "GET, HEAD, OPTIONS"],
  ])("%s %s is 405 with Allow and the error shape", async (method, path, allow) => {
    const res = await api(path, { method, token: token.value });
    expect(res.headers.get("allow")).toBe(allow);
    await expectError(res, 405, "method_not_allowed");
  });

  it("OPTIONS says what a path takes", async () => {
    const res = await api("/api/v1/devices/ACM-1001", { method: "OPTIONS" });
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe("GET, HEAD, PATCH, OPTIONS");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("HEAD is GET without a body", async () => {
    const res = await api("/api/v1/token", { method: "HEAD", token: token.value });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(await res.text()).toBe("");
  });

  it("TRACE is 405 in the error shape, not a text 500", async () => {
    const res = await request(`${BASE_URL}/api/v1/token`, { method: "TRACE" });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET, HEAD, OPTIONS");
    expect(res.headers["cache-control"]).toBe("no-store");
    const body = JSON.parse(res.text);
    expect(body.error.code).toBe("method_not_allowed");
    expect(body.error.request_id).toBe(res.headers["x-request-id"]);
  });
});

describe("paths", () => {
  it.each(["/api/v1", "/api/v1/", "/api/v1/nope", "/api/v1/devices/ACM-1001/extra"])("%s is a JSON 404", async (path) => {
    await expectError(await api(path, { token: token.value }), 404, "not_found");
  });

  it("a trailing slash reaches the same endpoint instead of a bare redirect", async () => {
    const body = await expectOk<{ data: { id: string } }>(await api("/api/v1/token/", { token: token.value }));
    expect(body.data.id).toBe(token.id);
  });
});

describe("versions (ETag, If-None-Match, If-Match)", () => {
  it("a single resource carries an ETag, and If-None-Match with it is a 304", async () => {
    const first = await api(`/api/v1/devices/${serial}`, { token: token.value });
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    await first.arrayBuffer();
    const again = await api(`/api/v1/devices/${serial}`, { token: token.value, headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("two clients renaming from the same version: one wins, the other gets 412, nothing is silently overwritten", async () => {
    const read = await api(`/api/v1/devices/${serial}`, { token: token.value });
    const etag = read.headers.get("etag")!;
    await read.arrayBuffer();
    const rename = (name: string) =>
      api(`/api/v1/devices/${serial}`, {
        method: "PATCH",
        token: token.value,
        headers: { "content-type": "application/json", "if-match": etag },
        body: JSON.stringify({ name }),
      });
    const [a, b] = await Promise.all([rename("Dock A"), rename("Dock B")]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 412]);
    const loser = a.status === 412 ? a : b;
    const winner = a.status === 200 ? a : b;
    const won = (await winner.json()) as { data: { name: string } };
    expect(loser.headers.get("etag")).toBe(winner.headers.get("etag"));
    await expectError(loser, 412, "precondition_failed");
    const now = await expectOk<{ data: { name: string } }>(await api(`/api/v1/devices/${serial}`, { token: token.value }));
    expect(now.data.name).toBe(won.data.name);
  });
});

describe("what integrators' tools expect (RFC 9110, RFC 5789)", () => {
  const patch = (headers: Record<string, string>, body: string = JSON.stringify({ name: "Dock N" })) =>
    api(`/api/v1/devices/${serial}`, {
      method: "PATCH",
      token: token.value,
      headers: { "content-type": "application/json", ...headers },
      body,
    });
  const currentName = async () =>
    (await db.device.findFirstOrThrow({ where: { serial, environment: "live" }, select: { name: true } })).name;

  it("If-None-Match on a PATCH: * or the current ETag is 412 and changes nothing; another ETag lets it through", async () => {
    const before = await currentName();
    const read = await api(`/api/v1/devices/${serial}`, { token: token.value });
    const etag = read.headers.get("etag")!;
    await read.arrayBuffer();
    for (const value of ["*", etag, `W/${etag}`, `"other", ${etag}`]) {
      const refused = await patch({ "if-none-match": value });
      expect(refused.headers.get("etag")).toBe(etag);
      await expectError(refused, 412, "precondition_failed");
    }
    expect(await currentName()).toBe(before);
    const allowed = await patch({ "if-none-match": '"not-this-version"' }, JSON.stringify({ name: before }));
    expect(allowed.status).toBe(200);
    await allowed.arrayBuffer();
  });

  it("responses without a body (304, 204) carry no Content-Type", async () => {
    const read = await api(`/api/v1/devices/${serial}`, { token: token.value });
    const etag = read.headers.get("etag")!;
    await read.arrayBuffer();
    const notModified = await api(`/api/v1/devices/${serial}`, { token: token.value, headers: { "if-none-match": etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("content-type")).toBeNull();
    expect(notModified.headers.get("etag")).toBe(etag);
    const options = await api(`/api/v1/devices/${serial}`, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("content-type")).toBeNull();
    // OPTIONS names the media type a PATCH takes (RFC 5789 §3.1), only where PATCH is allowed.
    expect(options.headers.get("accept-patch")).toBe("application/json");
    expect((await api("/api/v1/devices", { method: "OPTIONS" })).headers.get("accept-patch")).toBeNull();
  });

  it("a body of another media type is 415 with Accept-Patch or Accept-Post; an oversize one is 413; neither changes anything", async () => {
    const before = await currentName();
    const wrongType = await patch({ "content-type": "text/plain" });
    expect(wrongType.headers.get("accept-patch")).toBe("application/json");
    expect((await expectError(wrongType, 415, "unsupported_media_type")).details).toEqual({ "content-type": ["Must be application/json"] });
    const form = await api(`/api/v1/devices/${serial}`, {
      method: "PATCH",
      token: token.value,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=Dock",
    });
    await expectError(form, 415, "unsupported_media_type");
    const huge = await patch({}, JSON.stringify({ name: "Dock", pad: "x".repeat(17 * 1024) }));
    await expectError(huge, 413, "content_too_large");
    expect(await currentName()).toBe(before);
    const report = await api("/api/v1/revocations", { method: "POST", headers: { "content-type": "text/plain" }, body: "tg_live_x" });
    expect(report.headers.get("accept-post")).toBe("application/json");
    await expectError(report, 415, "unsupported_media_type");
  });

  it("names are labels, not keys: two sites may share one (documented on RenameRequest)", async () => {
    const writer = await makeToken({ label: "names", scopes: ["sites:read", "sites:write"] });
    const acme = await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } });
    const [a, b] = await db.site.findMany({ where: { workspaceId: acme.id, environment: "live" }, orderBy: { id: "desc" }, take: 2 });
    const shared = `Shared ${Date.now() % 100000}`;
    for (const site of [a, b]) {
      const res = await api(`/api/v1/sites/${site.id}`, {
        method: "PATCH",
        token: writer.value,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: shared }),
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    expect(await db.site.count({ where: { workspaceId: acme.id, name: shared } })).toBe(2);
    for (const site of [a, b]) await db.site.update({ where: { id: site.id }, data: { name: site.name } });
  });

  it("echoes a well-formed X-Request-Id (in the body, the log's request list and the usage record) and replaces a malformed one", async () => {
    const own = `client-${Date.now()}.retry:2_x`;
    const ok = await api("/api/v1/token", { token: token.value, headers: { "x-request-id": own } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-request-id")).toBe(own);
    await ok.arrayBuffer();
    const missing = await api("/api/v1/devices/NOPE-404", { token: token.value, headers: { "x-request-id": own } });
    expect(missing.headers.get("x-request-id")).toBe(own);
    expect(((await missing.json()) as { error: { request_id: string } }).error.request_id).toBe(own);
    for (const bad of ["x".repeat(129), "has space", "semi;colon", "<script>", ""]) {
      const res = await api("/api/v1/token", { token: token.value, headers: { "x-request-id": bad } });
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      await res.arrayBuffer();
    }
    const max = "a".repeat(128);
    const longest = await api("/api/v1/token", { token: token.value, headers: { "x-request-id": max } });
    expect(longest.headers.get("x-request-id")).toBe(max);
    await longest.arrayBuffer();
    // The token's request list (lib/usage) keeps the client's id, so the admin can find the call the developer quotes.
    await expect.poll(async () => db.usageRecord.count({ where: { tokenId: token.id, requestId: own } }), { timeout: 10_000 }).toBe(2);
  });
});

describe("the typed client (clients/typescript)", () => {
  it("reads and renames with types from the document, checked against it", async () => {
    const client = tollgate(BASE_URL, token.value, { fetch: contractFetch() });
    const me = await client.GET("/api/v1/token");
    expect(me.data?.data.id).toBe(token.id);
    const sites = await client.GET("/api/v1/sites", { params: { query: { limit: 1 } } });
    const site = sites.data!.data[0];
    const one = await client.GET("/api/v1/sites/{id}", { params: { path: { id: site.id } } });
    const etag = one.response.headers.get("etag")!;
    const renamed = await client.PATCH("/api/v1/sites/{id}", {
      params: { path: { id: site.id }, header: { "If-Match": etag } },
      body: { name: site.name },
    });
    expect(renamed.data?.data.name).toBe(site.name);
    const missing = await client.GET("/api/v1/devices/{serial}", { params: { path: { serial: "NOPE-0" } } });
    expect(missing.error?.error.code).toBe("not_found");
  });
});
