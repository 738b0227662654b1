// One factory per model the tests need, writing through the app's own
// service code (tokens) or straight to the test database (people).
import { randomBytes } from "node:crypto";
import { hashPassword } from "../../lib/auth/password";
import { db, provider } from "../../lib/db/client";
import { SCOPES, scopeRefusal } from "../../lib/scopes";
import { createToken, type Actor, type NewToken } from "../../lib/tokens/service";
import { DEMO_PASSWORD } from "../../prisma/seed";

export type Slug = "acme" | "globex";

const ADMIN: Record<Slug, string> = { acme: "admin@acme.test", globex: "admin@globex.test" };

/** Names are unique per workspace and tests share one database: every name gets a random suffix. */
export const uniqueName = (label: string) => `${label} ${randomBytes(4).toString("hex")}`;

/**
 * @libsql/client hands its connection to each interactive transaction and
 * opens a fresh one afterwards, which lacks the busy_timeout lib/db/client.ts
 * set; without it a write from this process fails at once while the server
 * is writing (e.g. last-used bookkeeping). Re-apply it around every
 * transaction the fixtures run.
 */
export async function inTransaction<T>(run: () => Promise<T>): Promise<T> {
  const busyTimeout = () => (provider === "sqlite" ? db.$queryRawUnsafe("PRAGMA busy_timeout = 5000") : Promise.resolve());
  await busyTimeout();
  try {
    return await run();
  } finally {
    await busyTimeout();
  }
}

/** Who acts in a workspace: its demo admin unless `email` names someone else. */
export async function actorFor(slug: Slug = "acme", email = ADMIN[slug]): Promise<Actor> {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { slug }, select: { id: true } });
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true } });
  return { user, workspace, ip: "127.0.0.1", userAgent: "tollgate-tests" };
}

/** A create-token input: every scope the token may hold unless `overrides` says otherwise. */
export function tokenInput(overrides: Partial<NewToken> = {}): NewToken {
  return {
    name: uniqueName("token"),
    description: "",
    expiresAt: null,
    // Every scope the token may hold: a limited token no workspace-wide ones, a test token no live-only ones.
    scopes: SCOPES.filter(
      (s) => !scopeRefusal(s, { allResources: overrides.allResources ?? true, environment: overrides.environment ?? "live" }),
    ),
    allResources: true,
    deviceIds: [],
    groupIds: [],
    siteIds: [],
    ...overrides,
  };
}

export interface TestToken {
  id: string;
  name: string;
  value: string;
}

/** A fresh token, made by the service the create action uses. */
export async function makeToken(options: Partial<NewToken> & { slug?: Slug; actor?: Actor; label?: string } = {}): Promise<TestToken> {
  const { slug = "acme", actor, label = "token", ...rest } = options;
  const who = actor ?? (await actorFor(slug));
  const issued = await inTransaction(() => createToken(who, tokenInput({ name: uniqueName(label), ...rest })));
  if (!issued.ok) throw new Error(`createToken failed: ${issued.error}`);
  return { id: issued.data.id, name: issued.data.name, value: issued.data.plaintext };
}

/** A new active person with `role` in Acme, whose sessions and limits are nobody else's. */
export async function freshUser(role: "owner" | "admin" | "member" = "admin", options: { email?: string; active?: boolean } = {}) {
  const email = options.email ?? `${uniqueName("person").replace(" ", "-")}@acme.test`;
  const user = await db.user.create({
    data: { email, name: "Test person", active: options.active ?? true, passwordHash: await hashPassword(DEMO_PASSWORD) },
  });
  const acme = await db.workspace.findUniqueOrThrow({ where: { slug: "acme" }, select: { id: true } });
  await db.membership.create({ data: { userId: user.id, workspaceId: acme.id, role } });
  return { email, id: user.id };
}

/**
 * A workspace of its own with a fresh owner (and, when asked, an admin), for
 * tests that change workspace-wide rules (suspension, lifetime policy) without
 * touching what other tests, running at the same time, rely on in Acme.
 */
export async function freshWorkspace(label = "ws") {
  const suffix = randomBytes(4).toString("hex");
  const workspace = await db.workspace.create({ data: { slug: `${label}-${suffix}`, name: `${label} ${suffix}` } });
  const person = async (role: "owner" | "admin" | "member") => {
    const email = `${role}-${suffix}-${randomBytes(2).toString("hex")}@${label}.test`;
    const user = await db.user.create({ data: { email, name: `${role} ${suffix}`, passwordHash: await hashPassword(DEMO_PASSWORD) } });
    await db.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role } });
    const actor: Actor = { user: { id: user.id, email }, workspace: { id: workspace.id }, ip: "127.0.0.1", userAgent: "tollgate-tests" };
    return { email, id: user.id, actor };
  };
  return { id: workspace.id, slug: workspace.slug, person };
}
