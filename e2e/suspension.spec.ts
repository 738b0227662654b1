import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { addDays } from "date-fns";
import { type Browser, expect, test } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { db } from "../lib/db/client";
import { createToken } from "../lib/tokens/service";
import { DEMO_PASSWORD, developersPath, uniqueName } from "./helpers";

const run = promisify(execFile);

/** A workspace of its own (suspension and policy are workspace-wide) with an owner, signed in through the form. */
async function ownWorkspace(browser: Browser, label: string) {
  const suffix = randomBytes(3).toString("hex");
  const workspace = await db.workspace.create({ data: { slug: `${label}-${suffix}`, name: `${label} ${suffix}` } });
  const email = `owner-${suffix}@${label}.test`;
  const user = await db.user.create({ data: { email, name: `Owner ${suffix}`, passwordHash: await hashPassword(DEMO_PASSWORD) } });
  await db.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role: "owner" } });
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings/);
  const actor = { user: { id: user.id, email }, workspace: { id: workspace.id }, ip: null, userAgent: "e2e" };
  return { workspace, page, context, actor };
}

test("an operator's suspension refuses every token with 401 and shows the reason; resuming restores them", async ({ browser }) => {
  const { workspace, page, context, actor } = await ownWorkspace(browser, "suspended");
  const issued = await createToken(actor, {
    name: uniqueName("Suspended sync"),
    description: "",
    expiresAt: null,
    scopes: ["devices:read"],
    allResources: true,
    deviceIds: [],
    groupIds: [],
    siteIds: [],
  });
  if (!issued.ok) throw new Error(issued.error);
  const call = () => page.request.get("/api/v1/token", { headers: { authorization: `Bearer ${issued.data.plaintext}` } });
  expect((await call()).status()).toBe(200);

  await run("node_modules/.bin/tsx", ["scripts/tollgate.ts", "workspace", "suspend", workspace.slug, "--reason", "Invoice 2026-11 unpaid"]);
  // On PostgreSQL at once (a notification); on SQLite within the token cache's lifetime.
  await expect.poll(async () => (await call()).status(), { timeout: 10_000 }).toBe(401);
  expect(((await (await call()).json()) as { error: { code: string } }).error.code).toBe("workspace_suspended");
  await page.goto(developersPath(workspace.slug));
  await expect(page.getByText("This workspace is suspended.")).toBeVisible();
  await expect(page.getByText("Invoice 2026-11 unpaid")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create token", exact: true }).first()).toBeDisabled();

  await run("node_modules/.bin/tsx", ["scripts/tollgate.ts", "workspace", "resume", workspace.slug]);
  await expect.poll(async () => (await call()).status(), { timeout: 10_000 }).toBe(200);
  await page.reload();
  await expect(page.getByText("This workspace is suspended.")).toHaveCount(0);
  await context.close();
});

test("the lifetime policy refuses a too-long custom expiry with a field error naming it", async ({ browser }) => {
  const { workspace, page, context } = await ownWorkspace(browser, "lifetime");
  await db.workspace.update({ where: { id: workspace.id }, data: { maxTokenLifetimeDays: 30 } });
  await page.goto(developersPath(workspace.slug));
  await page.getByRole("button", { name: "Create token", exact: true }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create API token" });
  await dialog.getByLabel("Name", { exact: true }).fill(uniqueName("Too long"));
  await dialog.getByRole("checkbox", { name: /^devices:read / }).check();
  await dialog.getByLabel("Expiration").selectOption("custom");
  await dialog.getByLabel("Expires on").fill(addDays(new Date(), 90).toISOString().slice(0, 10));
  await dialog.getByRole("button", { name: "Create token" }).click();
  // The hint says "at most 30 days" too; the server's error joins it in the Expiration field's description.
  await expect(dialog.getByLabel("Expiration")).toHaveAccessibleDescription(/tokens to live at most 30 days/);
  expect(await db.apiToken.count({ where: { workspaceId: workspace.id } })).toBe(0);
  await context.close();
});
