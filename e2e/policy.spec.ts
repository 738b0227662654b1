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
  await db.workspace.update({ where: { slug: "acme" }, data: { maxTokenLifetimeDays: null } });
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

test.describe("an admin", () => {
  test.use({ storageState: storageStateFor("admin@acme.test") });

  test("reads the policy but cannot change it", async ({ page }) => {
    await db.workspace.update({ where: { slug: "acme" }, data: { maxTokenLifetimeDays: 90 } });
    await page.goto(developersPath());
    const policy = page.getByRole("region", { name: "Token lifetime policy" });
    await expect(policy).toContainText("Maximum lifetime: 90 days. Owners of this workspace set it.");
    await expect(policy.getByRole("combobox")).toHaveCount(0);
  });
});
