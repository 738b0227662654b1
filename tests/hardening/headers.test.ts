import { describe, expect, it } from "vitest";
import { postCredentials, signIn } from "../support/actions";
import { BASE_URL } from "./fixtures";

describe("security headers and cookies", () => {
  it("every page sends a strict CSP without unsafe-eval, no framing, and the usual headers", async () => {
    for (const path of ["/login", "/w/acme/settings/developers", "/docs/api"]) {
      const res = await fetch(`${BASE_URL}${path}`, { redirect: "manual" });
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain("unsafe-eval");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("strict-transport-security"), path).toMatch(/max-age=\d+/);
    }
  });

  it("the Developers page is never cached", async () => {
    const cookie = await signIn(BASE_URL, "admin@acme.test");
    const res = await fetch(`${BASE_URL}/w/acme/settings/developers`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
  });

  it("the session cookie is HttpOnly and SameSite=Lax", async () => {
    const { response: res } = await postCredentials(BASE_URL, "admin@acme.test", "tollgate-demo");
    const session = res.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
    expect(session).toBeDefined();
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
  });
});
