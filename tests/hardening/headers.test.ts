import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, postCredentials, signIn } from "../support/actions";
import { BASE_URL, SECOND_BASE_URL } from "../support/servers";

const scriptSrc = (csp: string) =>
  csp
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith("script-src")) ?? "";

describe("security headers and cookies", () => {
  it("every page sends a nonce-based CSP with no inline or eval scripts, no framing, and the usual headers", async () => {
    for (const path of ["/login", "/w/acme/settings/developers", "/docs/api"]) {
      const res = await fetch(`${BASE_URL}${path}`, { redirect: "manual" });
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(scriptSrc(csp), path).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
      expect(scriptSrc(csp), path).not.toContain("unsafe-inline");
      expect(scriptSrc(csp), path).not.toContain("unsafe-eval");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
  });

  it("each page gets a fresh nonce, and every script on it carries that nonce", async () => {
    const [a, b] = await Promise.all([fetch(`${BASE_URL}/login`), fetch(`${BASE_URL}/login`)]);
    const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    const nonce = nonceOf(a);
    expect(nonce).toBeTruthy();
    expect(nonceOf(b)).not.toBe(nonce);
    const html = await a.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("HSTS only on responses that went out over HTTPS", async () => {
    // Plain HTTP, with a forged X-Forwarded-Proto the server must not believe.
    const plain = await fetch(`${BASE_URL}/login`, { headers: { "x-forwarded-proto": "https" } });
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    // Behind a trusted proxy that terminated TLS.
    const secure = await fetch(`${SECOND_BASE_URL}/login`, { headers: { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.5" } });
    expect(secure.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("the Developers page is never cached", async () => {
    const cookie = await signIn(BASE_URL, "admin@acme.test");
    const res = await fetch(`${BASE_URL}/w/acme/settings/developers`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
  });

  it("the session cookie is HttpOnly and SameSite=Lax", async () => {
    const { response: res } = await postCredentials(BASE_URL, "admin@acme.test", DEMO_PASSWORD);
    const session = res.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
    expect(session).toBeDefined();
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
  });
});
