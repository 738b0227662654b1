import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { addDays } from "date-fns";
import { expect, test } from "@playwright/test";
import { db } from "../lib/db/client";
import { createToken } from "../lib/tokens/service";
import { developersPath, uniqueName } from "./helpers";
import { ownWorkspace } from "./workspaces";

const run = promisify(execFile);

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
