// Single sign-on against a real (small) OpenID Connect provider on
// 127.0.0.1, driven the way a browser would: an IdP account must not be
// able to take over a Tollgate account by claiming its email.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { startOidcProvider, type Identity, type OidcProvider } from "../support/oidc-provider";
import { request } from "../support/http";
import { freshUser, uniqueName } from "../support/factories";
import { STRICT_BASE_URL, STRICT_PUBLIC_URL as APP_PUBLIC_URL } from "../support/servers";

const APP = STRICT_BASE_URL;
let idp: OidcProvider;

beforeAll(async () => {
  idp = await startOidcProvider({
    port: Number(process.env.TEST_OIDC_PORT ?? 3190),
    clientId: process.env.TEST_OIDC_CLIENT_ID ?? "tollgate-test",
    clientSecret: process.env.TEST_OIDC_CLIENT_SECRET ?? "oidc-test-secret",
  });
});
afterAll(async () => {
  await idp?.close();
  await db.$disconnect();
});

class Jar {
  private cookies = new Map<string, string>();
  take(setCookie: string[] | undefined) {
    for (const c of setCookie ?? []) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      const value = pair.slice(i + 1);
      if (value === "" || /max-age=0/i.test(c) || /expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(pair.slice(0, i));
      else this.cookies.set(pair.slice(0, i), value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/**
 * The strict server's public URL (its AUTH_URL) is http://tollgate.test:3102, as
 * a real deployment's would be a real name (Next.js reports any loopback host
 * as "localhost"); the browser here reaches it at 127.0.0.1 with that Host.
 */
const PUBLIC = new URL(APP_PUBLIC_URL);
function app(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const target = new URL(url);
  expect(target.host).toBe(PUBLIC.host);
  return request(`${APP}${target.pathname}${target.search}`, { ...init, headers: { ...init.headers, host: PUBLIC.host } });
}

/** The whole browser round trip: Tollgate → provider → Tollgate callback. Returns where it ended. */
async function ssoAs(identity: Identity) {
  idp.nextLogin = identity;
  const jar = new Jar();
  const csrf = await app(`${PUBLIC.origin}/api/auth/csrf`);
  jar.take(csrf.headers["set-cookie"]);
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const start = await app(`${PUBLIC.origin}/api/auth/signin/oidc`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), origin: PUBLIC.origin },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${PUBLIC.origin}/settings/developers` }).toString(),
  });
  jar.take(start.headers["set-cookie"]);
  const authorize = String(start.headers.location ?? "");
  expect(authorize.startsWith(`${idp.issuer}/authorize`)).toBe(true);
  const atIdp = await fetch(authorize, { redirect: "manual" });
  const callback = atIdp.headers.get("location") ?? "";
  expect(callback.startsWith(`${PUBLIC.origin}/api/auth/callback/oidc`)).toBe(true);
  const back = await app(callback, { headers: { cookie: jar.header() } });
  jar.take(back.headers["set-cookie"]);
  const landed = String(back.headers.location ?? "");
  const page = await app(`${PUBLIC.origin}/w/acme/settings/developers`, { headers: { cookie: jar.header() } });
  return { landed, signedIn: page.status === 200 };
}

const tollgateUser = (email?: string, active = true) => freshUser("admin", { email, active });

const sub = () => uniqueName("sub").replace(" ", "-");

describe("single sign-on (OIDC)", () => {
  it("an unverified email claiming the owner's address is refused and links nothing", async () => {
    const result = await ssoAs({ sub: sub(), email: "owner@acme.test", email_verified: false, name: "Mallory" });
    expect(result.signedIn).toBe(false);
    expect(result.landed).toContain("error=AccessDenied");
    const owner = await db.user.findUniqueOrThrow({ where: { email: "owner@acme.test" } });
    expect(await db.oidcIdentity.count({ where: { userId: owner.id } })).toBe(0);
  });

  it("a missing email_verified claim counts as unverified", async () => {
    const user = await tollgateUser();
    const result = await ssoAs({ sub: sub(), email: user.email });
    expect(result.signedIn).toBe(false);
  });

  it("a verified email links the subject once; later sign-ins match the subject, not the email", async () => {
    const user = await tollgateUser();
    const subject = sub();
    const first = await ssoAs({ sub: subject, email: user.email, email_verified: true });
    expect(first.signedIn).toBe(true);
    expect(first.landed).toBe(`${PUBLIC.origin}/settings/developers`);
    const link = await db.oidcIdentity.findFirstOrThrow({ where: { userId: user.id } });
    expect(link.subject).toBe(subject);
    expect(link.issuer).toBe(idp.issuer);
    // The person's address changed at the provider: still the same Tollgate user.
    const renamed = await ssoAs({ sub: subject, email: "someone-else@acme.test", email_verified: true });
    expect(renamed.signedIn).toBe(true);
  });

  it("a re-assigned email (another subject, verified) cannot take over an already linked account", async () => {
    const user = await tollgateUser();
    expect((await ssoAs({ sub: sub(), email: user.email, email_verified: true })).signedIn).toBe(true);
    const takeover = await ssoAs({ sub: sub(), email: user.email, email_verified: true });
    expect(takeover.signedIn).toBe(false);
    expect(takeover.landed).toContain("error=AccessDenied");
    expect(await db.oidcIdentity.count({ where: { userId: user.id } })).toBe(1);
  });

  it("refuses unknown emails, deactivated users and domains outside AUTH_OIDC_ALLOWED_DOMAINS", async () => {
    expect((await ssoAs({ sub: sub(), email: `${sub()}@acme.test`, email_verified: true })).signedIn).toBe(false);
    const inactive = await tollgateUser(undefined, false);
    expect((await ssoAs({ sub: sub(), email: inactive.email, email_verified: true })).signedIn).toBe(false);
    const outsider = await tollgateUser(`${sub()}@elsewhere.test`);
    expect((await ssoAs({ sub: sub(), email: outsider.email, email_verified: true })).signedIn).toBe(false);
    expect(await db.oidcIdentity.count({ where: { userId: { in: [inactive.id, outsider.id] } } })).toBe(0);
  });

  it("a linked user who is deactivated can no longer sign in with the provider", async () => {
    const user = await tollgateUser();
    const subject = sub();
    expect((await ssoAs({ sub: subject, email: user.email, email_verified: true })).signedIn).toBe(true);
    await db.user.update({ where: { id: user.id }, data: { active: false } });
    expect((await ssoAs({ sub: subject, email: user.email, email_verified: true })).signedIn).toBe(false);
  });
});
