import { expect, test } from "@playwright/test";
import { developersPath, storageStateFor } from "./helpers";

test.describe("where people land", () => {
  test.use({ storageState: storageStateFor("owner@acme.test") });

  test("the switcher marks the current workspace; a member there lands on General, which names the admins", async ({ page }) => {
    await page.goto(developersPath());
    const switcher = page.getByRole("button", { name: "Workspace: Acme Robotics. Switch workspace" });
    await switcher.click();
    await expect(page.getByRole("menuitemradio", { name: /Acme Robotics/ })).toHaveAttribute("aria-checked", "true");
    await expect(page.getByRole("menuitemradio", { name: /Globex/ })).toHaveAttribute("aria-checked", "false");
    await page.getByRole("menuitemradio", { name: /Globex/ }).click();

    // owner@acme.test is only a member of Globex: General, selected in the nav, not a refusal.
    await expect(page).toHaveURL(/\/w\/globex\/settings$/);
    await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "General" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    const admins = page.getByRole("list", { name: "Workspace admins" });
    await expect(admins).toContainText("Gina Globex");
    await expect(admins.getByRole("link", { name: "admin@globex.test" })).toHaveAttribute("href", "mailto:admin@globex.test");

    // The home link and the entry point land there too.
    await page.getByRole("link", { name: "Tollgate home" }).click();
    await expect(page).toHaveURL(/\/w\/globex\/settings$/);
  });
});

test.describe("a member", () => {
  test.use({ storageState: storageStateFor("member@acme.test") });

  test("lands on General, which names whom to ask; Developers holds only their personal tokens (Acme allows them)", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/w\/acme\/settings$/);
    await expect(page.getByRole("list", { name: "Workspace admins" })).toContainText("Olivia Owner");
    await expect(page.getByRole("list", { name: "Workspace admins" })).toContainText("Ada Admin");
    // A deactivated admin is not someone to ask.
    await expect(page.getByRole("list", { name: "Workspace admins" })).not.toContainText("Fred Former");
    await page.goto(developersPath());
    await expect(page.getByRole("heading", { name: "Your personal tokens" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Your personal tokens" })).toContainText("Max's laptop scripts");
    await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toHaveCount(0);
  });
});

test.describe("a member where personal tokens are off", () => {
  // Olivia owns Acme but is a plain member of Globex, which keeps the setting off.
  test.use({ storageState: storageStateFor("owner@acme.test") });

  test("the Developers address names whom to ask", async ({ page }) => {
    await page.goto(developersPath("globex"));
    await expect(page.getByRole("heading", { name: "Only workspace admins can manage API tokens" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Workspace admins" })).toContainText("Gina Globex");
    await page.getByRole("link", { name: "Go to General settings" }).click();
    await expect(page).toHaveURL(/\/w\/globex\/settings$/);
  });
});
