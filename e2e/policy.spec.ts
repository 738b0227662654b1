import { expect, test } from "@playwright/test";
import { db } from "../lib/db/client";
import {
  closeShownSecret,
  developersPath,
  fillCreateForm,
  openCreateDialog,
  readShownSecret,
  storageStateFor,
  tokenRow,
  uniqueName,
} from "./helpers";

test.use({ storageState: storageStateFor("owner@acme.test") });

// The policy is Acme's: put it back whatever happens, for the specs after this one.
test.afterEach(async () => {
  await db.workspace.update({ where: { slug: "acme" }, data: { maxTokenLifetimeDays: null, defaultRateLimitPerMinute: null } });
});

test("an owner sets the default request limit: the create form offers it, a wrong value gets a field error", async ({ page }) => {
  await page.goto(developersPath());
  const section = page.getByRole("region", { name: "Default request limit" });
  const field = section.getByLabel("Requests per minute for tokens without their own limit");
  await expect(field).toHaveAccessibleDescription(/server's default \(1,000 requests per minute\)/);
  await field.fill("0");
  await section.getByRole("button", { name: "Save limit" }).click();
  await expect(field).toHaveAccessibleDescription(/Enter a whole number from 1 to 1,000,000/);
  await expect(field).toHaveAttribute("aria-invalid", "true");
  expect((await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } })).defaultRateLimitPerMinute).toBeNull();

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
});

test("an owner sets a maximum lifetime: the form offers only what fits, and an older token is shortened in one click", async ({ page }) => {
  await page.goto(developersPath());
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
  await page.goto(`${developersPath()}/activity?action=token.expiry_shortened`);
  await expect(page.getByRole("list", { name: "Token activity" }).getByRole("listitem").first()).toContainText(
    `Olivia Owner shortened the expiry of “${name}”`,
  );
});

test("tokens expiring within 7 days are counted above the list and marked in their row", async ({ page }) => {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } });
  // Counted as the tab counts them, at the moment of asking (a token made a second later expires a second later).
  const expiring = (now = new Date()) =>
    db.apiToken.count({
      where: { workspaceId: workspace.id, ownerId: null, expiresAt: { gt: now, lte: new Date(now.getTime() + 7 * 86_400_000) } },
    });
  const before = await expiring();
  await page.goto(developersPath());
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
});

test.describe("an admin", () => {
  test.use({ storageState: storageStateFor("admin@acme.test") });

  test("reads the policy but cannot change it", async ({ page }) => {
    await db.workspace.update({ where: { slug: "acme" }, data: { maxTokenLifetimeDays: 90 } });
    await page.goto(developersPath());
    const policy = page.getByRole("region", { name: "Token lifetime policy" });
    await expect(policy).toContainText("Maximum lifetime: 90 days. Owners of this workspace set it.");
    await expect(policy.getByRole("combobox")).toHaveCount(0);
    const limit = page.getByRole("region", { name: "Default request limit" });
    await expect(limit).toContainText(
      "Tokens without their own limit may make 1,000 requests per minute. Owners of this workspace set it.",
    );
    await expect(limit.getByRole("textbox")).toHaveCount(0);
  });
});
