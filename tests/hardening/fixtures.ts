import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import type { Actor, NewToken } from "@/lib/tokens/service";

// Not BASE_URL: Vitest overwrites that one with Vite's base path.
export const BASE_URL = process.env.TEST_BASE_URL ?? "http://127.0.0.1:3100";
export const SECOND_BASE_URL = process.env.TEST_SECOND_BASE_URL ?? "http://127.0.0.1:3101";
/** Trusts no proxy; 20 failed API authentications per minute and 5 failed sign-ins per address; single sign-on. */
export const STRICT_BASE_URL = process.env.TEST_STRICT_BASE_URL ?? "http://127.0.0.1:3102";
/** The strict server's AUTH_URL: a name, as in a real deployment, reached at STRICT_BASE_URL. */
export const STRICT_PUBLIC_URL = process.env.TEST_STRICT_PUBLIC_URL ?? "http://tollgate.test:3102";

export function uniqueName(prefix: string) {
  return `${prefix} ${randomBytes(4).toString("hex")}`;
}

export async function actorFor(email: string, slug: string): Promise<Actor> {
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const workspace = await db.workspace.findUniqueOrThrow({ where: { slug } });
  return { user: { id: user.id, email: user.email }, workspace: { id: workspace.id }, ip: "127.0.0.1", userAgent: "vitest" };
}

export function tokenInput(overrides: Partial<NewToken> = {}): NewToken {
  return {
    name: uniqueName("Hardening"),
    description: "",
    expiresAt: null,
    scopes: ["devices:read"],
    allResources: true,
    deviceIds: [],
    groupIds: [],
    siteIds: [],
    ...overrides,
  };
}

export function bearer(token: string) {
  return { headers: { authorization: `Bearer ${token}` } };
}
