import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { generateToken } from "@/lib/tokens/format";
import { callAction, postCredentials, signIn } from "../support/actions";
import { freshUser, uniqueName } from "../support/factories";
import { BASE_URL, SECOND_BASE_URL } from "../support/servers";

// The second test server trusts X-Forwarded-For (as behind a proxy) and allows
// 20 failed API authentications per client per minute.
const B = SECOND_BASE_URL;
const client = (ip: string, token: string) => ({
  authorization: `Bearer ${token}`,
  "x-forwarded-for": ip,
  "x-forwarded-proto": "https",
});

describe("rate limits", () => {
  it("failed API authentication is limited per client IP, with Retry-After, without locking out others", async () => {
    const admin = await signIn(BASE_URL, "admin@acme.test");
    const created = await callAction(BASE_URL, admin, "createTokenAction", [
      "acme",
      { name: uniqueName("Rate limit"), expiry: "7d", scopes: ["devices:read"], access: "all" },
    ]);
    const valid = (created.result!.data as { plaintext: string }).plaintext;
    const attacker = `10.66.${Math.floor(Math.random() * 250)}.1`;
    const bystander = `10.77.${Math.floor(Math.random() * 250)}.2`;
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${B}/api/v1/token`, { headers: client(attacker, generateToken()) });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        const body = await res.json();
        expect(body.error.code).toBe("rate_limited");
      } else await res.arrayBuffer();
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // The attacker's failures do not lock out a different client using a valid token.
    const other = await fetch(`${B}/api/v1/token`, { headers: client(bystander, valid) });
    expect(other.status).toBe(200);
  });

  it("an address blocked for failures (a shared NAT) still lets a valid token this server knows through; guesses stay blocked", async () => {
    const admin = await signIn(BASE_URL, "admin@acme.test");
    const created = await callAction(BASE_URL, admin, "createTokenAction", [
      "acme",
      { name: uniqueName("Shared address"), expiry: "7d", scopes: ["devices:read"], access: "all" },
    ]);
    const valid = (created.result!.data as { plaintext: string }).plaintext;
    const shared = `10.88.${Math.floor(Math.random() * 250)}.3`;
    // A colleague behind the same address uses the real token...
    expect((await fetch(`${B}/api/v1/token`, { headers: client(shared, valid) })).status).toBe(200);
    // ...while something else there guesses until the address is blocked.
    let blocked = false;
    for (let i = 0; i < 25 && !blocked; i++) {
      const res = await fetch(`${B}/api/v1/token`, { headers: client(shared, generateToken()) });
      await res.arrayBuffer();
      blocked = res.status === 429;
    }
    expect(blocked).toBe(true);
    expect((await fetch(`${B}/api/v1/token`, { headers: client(shared, valid) })).status).toBe(200);
    const guess = await fetch(`${B}/api/v1/token`, { headers: client(shared, generateToken()) });
    expect(guess.status).toBe(429);
    expect(Number(guess.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("plain HTTP from a non-loopback client is refused before any token work", async () => {
    const res = await fetch(`${B}/api/v1/token`, {
      headers: { authorization: "Bearer nonsense", "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "http" },
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("https_required");
  });

  it("sign-in is limited per account and address", async () => {
    // An account of its own, so the lock-out cannot disturb other tests.
    const { email } = await freshUser("member");
    const results: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { response: res } = await postCredentials(BASE_URL, email, `wrong-${i}`);
      results.push(res.headers.get("location") ?? "");
    }
    expect(results.slice(0, 10).every((l) => l.includes("error=CredentialsSignin"))).toBe(true);
    expect(results.slice(10).every((l) => l.includes("code=rate_limited"))).toBe(true);
    await db.$disconnect();
  });
});
