import { expect, test } from "@playwright/test";
import { db } from "../lib/db/client";
import { createToken } from "../lib/tokens/service";
import { closeShownSecret, developersPath, fillCreateForm, openCreateDialog, readShownSecret, tokenRow, uniqueName } from "./helpers";
import { ownWorkspace } from "./workspaces";

// Each test changes or counts a workspace-wide rule, so each has a workspace of its own (specs run side by side in Acme).

test("an owner sets the default request limit: the create form offers it, a wrong value gets a field error", async ({ browser }) => {
  const { workspace, page, context } = await ownWorkspace(browser, "limit");
  await page.goto(developersPath(workspace.slug));
  const section = page.getByRole("region", { name: "Default request limit" });
  const field = section.getByLabel("Requests per minute for tokens without their own limit");
  await expect(field).toHaveAccessibleDescription(/server's default \(1,000 requests per minute\)/);
  await field.fill("0");
  await section.getByRole("button", { name: "Save limit" }).click();
  await expect(field).toHaveAccessibleDescription(/Enter a whole number from 1 to 1,000,000/);
  await expect(field).toHaveAttribute("aria-invalid", "true");
  expect((await db.workspace.findUniqueOrThrow({ where: { id: workspace.id } })).defaultRateLimitPerMinute).toBeNull();

  await field.fill("250");
  await section.getByRole("button", { name: "Save limit" }).click();
  await expect(page.getByText("Tokens without their own limit: 250 requests per minute.")).toBeVisible();
  await expect(field).not.toHaveAttribute("aria-invalid", "true");
  const create = await openCreateDialog(page);
  await expect(create.getByLabel("Requests per minute (optional)")).toHaveAccessibleDescription(
    /Leave empty for the default, 250 per minute\./,
  );
  await page.keyboard.press("Escape");
  await expect(create).toHaveCount(0);
  await context.close();
});

test("an owner sets a maximum lifetime: the form offers only what fits, and an older token is shortened in one click", async ({
  browser,
}) => {
  const { workspace, page, context, owner } = await ownWorkspace(browser, "lifetime");
  await page.goto(developersPath(workspace.slug));
  const name = uniqueName("Forever");
  const dialog = await openCreateDialog(page);
  await fillCreateForm(dialog, { name });
  await dialog.getByLabel("Expiration").selectOption("never");
  await dialog.getByRole("button", { name: "Create token" }).click();
  await readShownSecret(page);
  await closeShownSecret(page);

  const policy = page.getByRole("region", { name: "Token lifetime policy" });
  await policy.getByLabel("Maximum lifetime of new and regenerated tokens").selectOption({ label: "30 days" });
  await policy.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByText("Maximum token lifetime: 30 days.")).toBeVisible();

  const row = tokenRow(page, name);
  await expect(row.getByText("Out of policy")).toBeVisible();
  await expect(page.getByTestId("attention")).toContainText("the 30-day maximum lifetime");

  const create = await openCreateDialog(page);
  const expiry = create.getByLabel("Expiration");
  await expect(expiry.locator("option")).toHaveText(["7 days", "30 days", "Custom date"]);
  await expect(expiry).toHaveValue("30d");
  await expect(expiry).toHaveAccessibleDescription(/This workspace allows at most 30 days\./);
  await page.keyboard.press("Escape");
  await expect(create).toHaveCount(0);

  await row.getByRole("button", { name: `Shorten to 30 days: ${name}` }).click();
  await expect(row.getByText("Expires in 30 days")).toBeVisible();
  await expect(row.getByText("Out of policy")).toHaveCount(0);
  await page.goto(`${developersPath(workspace.slug)}/activity?action=token.expiry_shortened`);
  await expect(page.getByRole("list", { name: "Token activity" }).getByRole("listitem").first()).toContainText(
    `${owner.name} shortened the expiry of “${name}”`,
  );
  await context.close();
});

test("tokens expiring within 7 days are counted above the list and marked in their row", async ({ browser }) => {
  const { workspace, page, context, actor } = await ownWorkspace(browser, "expiring");
  // One already there, expiring in 3 days; one that is not (30 days).
  for (const days of [3, 30]) {
    const made = await createToken(actor, {
      name: uniqueName(`In ${days} days`),
      description: "",
      expiresAt: new Date(Date.now() + days * 86_400_000),
      scopes: ["devices:read"],
      allResources: true,
      deviceIds: [],
      groupIds: [],
      siteIds: [],
    });
    expect(made.ok).toBe(true);
  }
  // Counted as the tab counts them, at the moment of asking (a token made a second later expires a second later).
  const expiring = (now = new Date()) =>
    db.apiToken.count({
      where: { workspaceId: workspace.id, ownerId: null, expiresAt: { gt: now, lte: new Date(now.getTime() + 7 * 86_400_000) } },
    });
  const before = await expiring();
  expect(before).toBe(1);
  await page.goto(developersPath(workspace.slug));
  const name = uniqueName("Short-lived");
  const dialog = await openCreateDialog(page);
  await fillCreateForm(dialog, { name });
  await dialog.getByLabel("Expiration").selectOption("7d");
  await dialog.getByRole("button", { name: "Create token" }).click();
  await readShownSecret(page);
  await closeShownSecret(page);
  expect(await expiring()).toBe(before + 1);
  const count = before + 1;
  await expect(page.getByTestId("attention")).toContainText(`${count} ${count === 1 ? "token expires" : "tokens expire"} within 7 days.`);
  await expect(tokenRow(page, name).getByText(/^Expires in (7 days|6 days)$/)).toBeVisible();
  await context.close();
});

test.describe("an admin", () => {
  test("reads the policy but cannot change it", async ({ browser }) => {
    const { workspace, context, join } = await ownWorkspace(browser, "read-policy");
    await db.workspace.update({ where: { id: workspace.id }, data: { maxTokenLifetimeDays: 90 } });
    const admin = await join("admin");
    const { page } = admin;
    await page.goto(developersPath(workspace.slug));
    const policy = page.getByRole("region", { name: "Token lifetime policy" });
    await expect(policy).toContainText("Maximum lifetime: 90 days. Owners of this workspace set it.");
    await expect(policy.getByRole("combobox")).toHaveCount(0);
    const limit = page.getByRole("region", { name: "Default request limit" });
    await expect(limit).toContainText(
      "Tokens without their own limit may make 1,000 requests per minute. Owners of this workspace set it.",
    );
    await expect(limit.getByRole("textbox")).toHaveCount(0);
    await admin.context.close();
    await context.close();
  });
});
