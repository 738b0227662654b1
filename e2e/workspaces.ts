import { randomBytes } from "node:crypto";
import { type Browser, expect } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { db } from "../lib/db/client";
import type { Role } from "../lib/roles";
import { DEMO_PASSWORD } from "./helpers";

/**
 * A workspace of its own, for specs that change workspace-wide rules
 * (suspension, lifetime policy, default limit) or count what is in it, so
 * that specs running beside them in Acme never see the change. Its owner is
 * signed in through the form in a browser context of their own; `join` adds
 * another person with a role, signed in the same way.
 */
export async function ownWorkspace(browser: Browser, label: string) {
  const suffix = randomBytes(3).toString("hex");
  const workspace = await db.workspace.create({ data: { slug: `${label}-${suffix}`, name: `${label} ${suffix}` } });
  const join = async (role: Role) => {
    const email = `${role}-${suffix}@${label}.test`;
    const name = `${role[0].toUpperCase()}${role.slice(1)} ${suffix}`;
    const user = await db.user.create({ data: { email, name, passwordHash: await hashPassword(DEMO_PASSWORD) } });
    await db.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role } });
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/settings/);
    const actor = { user: { id: user.id, email }, workspace: { id: workspace.id }, ip: null, userAgent: "e2e" };
    return { email, name, page, context, actor };
  };
  const owner = await join("owner");
  return { workspace, owner, page: owner.page, context: owner.context, actor: owner.actor, join };
}
