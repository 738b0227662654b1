// Seeds what a spec needs straight into the test database, the way
// tests/ does: a spec that is not about sign-up should not click through one.
import { randomBytes } from "node:crypto";
import { hashPassword } from "../lib/auth/password";
import { db } from "../lib/db/client";
import { DEMO_PASSWORD } from "./helpers";

/** A new active user with `role` in Acme; its sessions are its own to end. */
export async function freshUser(role: "owner" | "admin" | "member" = "admin") {
  const email = `e2e-${randomBytes(4).toString("hex")}@acme.test`;
  const user = await db.user.create({ data: { email, name: "E2E person", passwordHash: await hashPassword(DEMO_PASSWORD) } });
  const acme = await db.workspace.findUniqueOrThrow({ where: { slug: "acme" }, select: { id: true } });
  await db.membership.create({ data: { userId: user.id, workspaceId: acme.id, role } });
  return { email, id: user.id };
}
