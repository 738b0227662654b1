import { describe, expect, it } from "vitest";
import { callAction, signIn } from "../support/actions";
import { uniqueName } from "../support/factories";
import { BASE_URL } from "../support/servers";

async function healthy() {
  const res = await fetch(`${BASE_URL}/api/health`);
  return res.status === 200;
}

describe("hostile HTTP input", () => {
  it("a 1 MB token header is refused and the server stays up", async () => {
    const huge = `tg_live_${"A".repeat(1024 * 1024)}`;
    for (const headers of [{ authorization: `Bearer ${huge}` }, { "x-api-key": huge }] as Record<string, string>[]) {
      const status = await fetch(`${BASE_URL}/api/v1/token`, { headers }).then(
        (r) => r.status,
        () => 0, // the server may close the connection outright
      );
      expect([0, 400, 401, 431]).toContain(status);
    }
    expect(await healthy()).toBe(true);
  });

  it("a token just under the header limit is a plain 401, not a crash", async () => {
    const res = await fetch(`${BASE_URL}/api/v1/token`, { headers: { "x-api-key": `tg_live_${"A".repeat(8_000)}` } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  });

  it("an oversized API body is refused with a 400 and the server stays up", async () => {
    const res = await fetch(`${BASE_URL}/api/v1/devices/ACM-1001`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: "Bearer tg_live_nope" },
      body: JSON.stringify({ name: "x".repeat(2_000_000) }),
    });
    expect([400, 401, 413]).toContain(res.status);
    expect(await healthy()).toBe(true);
  });

  it("HTML and script in a description are rendered as text in the tab", async () => {
    const admin = await signIn(BASE_URL, "admin@acme.test");
    const name = uniqueName("Markup");
    const description = `<script>alert("owned")</script><img src=x onerror=alert(1)>`;
    const created = await callAction(BASE_URL, admin, "createTokenAction", [
      "acme",
      { name, description, expiry: "7d", scopes: ["devices:read"], access: "all" },
    ]);
    expect(created.result?.ok).toBe(true);
    const html = await (await fetch(`${BASE_URL}/w/acme/settings/developers`, { headers: { cookie: admin } })).text();
    expect(html).toContain(name);
    expect(html).not.toContain(`<script>alert("owned")</script>`);
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;");
  });
});
