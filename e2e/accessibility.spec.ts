import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { createDialog, developersPath, fillCreateForm, openCreateDialog, openTokenMenu, storageStateFor, uniqueName } from "./helpers";

// WCAG 2.2 A and AA, and axe's best practices (label-content-name-mismatch is
// experimental in axe, so it is asked for by name).
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

async function violations(page: Page, state: string): Promise<string[]> {
  // Next.js streams metadata: while a refresh re-renders the page (after an action), <title> can be absent for a
  // moment, and axe has caught "document-title" in that instant (twice, on the delete states). A page whose title
  // is missing for good still fails: the rule is checked again once a title had time to come back.
  const analyze = () =>
    new AxeBuilder({ page })
      .withTags(TAGS)
      .options({ rules: { "label-content-name-mismatch": { enabled: true } } })
      .analyze();
  await expect(page).toHaveTitle(/\S/);
  let result = await analyze();
  if (result.violations.some((v) => v.id === "document-title")) {
    await expect(page).toHaveTitle(/\S/);
    result = await analyze();
  }
  return result.violations.flatMap((v) => v.nodes.map((n) => `${state}: ${v.id} at ${n.target.join(" ")}`));
}

async function noHorizontalScroll(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];

for (const viewport of VIEWPORTS) {
  test.describe(`${viewport.name}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test.describe("as an admin", () => {
      test.use({ storageState: storageStateFor("admin@acme.test") });

      test(`the Members tab and its invite dialog have no axe violations (${viewport.name})`, async ({ page }) => {
        const found: string[] = [];
        await page.goto("/w/acme/settings/members");
        await expect(page.getByRole("button", { name: "Invite person" })).toBeVisible();
        found.push(...(await violations(page, "Members")));
        expect(await noHorizontalScroll(page), "the Members tab scrolls sideways").toBe(true);
        await page.getByRole("button", { name: "Invite person" }).click();
        const dialog = page.getByRole("dialog", { name: "Invite a person" });
        await dialog.getByRole("button", { name: "Create invitation link" }).click();
        await expect(dialog.getByText("Enter the person's name")).toBeVisible();
        found.push(...(await violations(page, "invite dialog with errors")));
        expect(found).toEqual([]);
      });

      test(`every state of the Developers tab has no axe violations (${viewport.name})`, async ({ page }) => {
        // Eleven states, each a full axe run on a page with four token lists: longer than the default minute on a busy machine.
        test.setTimeout(150_000);
        const found: string[] = [];
        await page.goto(developersPath());
        await expect(page.getByRole("list", { name: "API tokens", exact: true })).toBeVisible();
        found.push(...(await violations(page, "token list")));
        expect(await noHorizontalScroll(page), "the token list scrolls sideways").toBe(true);

        await page.goto(`${developersPath()}?env=test`);
        await expect(page.getByText("Test environment.", { exact: false })).toBeVisible();
        found.push(...(await violations(page, "test environment")));
        expect(await noHorizontalScroll(page), "the test environment scrolls sideways").toBe(true);
        await page.goto(`${developersPath()}?env=live`);
        await expect(page.getByRole("list", { name: "API tokens", exact: true })).toBeVisible();

        const name = uniqueName("Axe");
        await page
          .getByRole("button", { name: /^Manage / })
          .first()
          .click();
        await expect(page.getByRole("menu")).toBeVisible();
        found.push(...(await violations(page, "Manage menu")));
        await page.keyboard.press("Escape");

        const dialog = await openCreateDialog(page);
        found.push(...(await violations(page, "create dialog")));
        await dialog.getByRole("button", { name: "Create token" }).click();
        await expect(dialog.getByText("Enter a name")).toBeVisible();
        found.push(...(await violations(page, "create dialog with errors")));
        await fillCreateForm(dialog, { name, scopes: ["devices:read"], groups: ["AGV fleet"] });
        await dialog.getByLabel("Expiration").selectOption("never");
        found.push(...(await violations(page, "create dialog filled, resources picked, no expiry")));
        await page.keyboard.press("Escape");
        await expect(page.getByRole("alertdialog", { name: "Discard this token?" })).toBeVisible();
        found.push(...(await violations(page, "discard confirmation")));
        await page.getByRole("button", { name: "Keep editing" }).click();
        await createDialog(page).getByRole("button", { name: "Create token" }).click();

        const shown = page.getByRole("dialog", { name: "Token ready — copy it now" });
        await expect(shown).toBeVisible();
        found.push(...(await violations(page, "show-once dialog, curl")));
        await shown.getByRole("tab", { name: "Python" }).click();
        found.push(...(await violations(page, "show-once dialog, Python")));
        await shown.getByRole("button", { name: "Done" }).click();
        await expect(page.getByRole("alertdialog", { name: "Close without copying?" })).toBeVisible();
        found.push(...(await violations(page, "close confirmation")));
        await page.getByRole("button", { name: "Close anyway" }).click();
        await expect(page.getByRole("dialog")).toHaveCount(0);

        await openTokenMenu(page, name, "Regenerate…");
        await expect(page.getByRole("dialog", { name: `Regenerate “${name}”` })).toBeVisible();
        found.push(...(await violations(page, "regenerate dialog")));
        await page.keyboard.press("Escape");
        await expect(page.getByRole("dialog")).toHaveCount(0);

        await openTokenMenu(page, name, "Delete…");
        await expect(page.getByRole("alertdialog", { name: `Delete “${name}”?` })).toBeVisible();
        found.push(...(await violations(page, "delete confirmation")));
        await page.getByRole("button", { name: "Delete token" }).click();
        await expect(page.getByRole("alertdialog")).toHaveCount(0);
        found.push(...(await violations(page, "after a delete (toast)")));

        await page.goto(`${developersPath()}/activity`);
        await expect(page.getByRole("heading", { name: "Token activity" })).toBeVisible();
        found.push(...(await violations(page, "activity log")));
        expect(await noHorizontalScroll(page), "the activity log scrolls sideways").toBe(true);

        await page.goto("/docs/api");
        await expect(page.getByRole("heading", { name: "Tollgate API", level: 1 })).toBeVisible();
        found.push(...(await violations(page, "API docs")));
        expect(await noHorizontalScroll(page), "the API docs scroll sideways").toBe(true);

        expect(found).toEqual([]);
      });
    });

    test.describe("as a member", () => {
      test.use({ storageState: storageStateFor("member@acme.test") });

      test(`a member's pages have no axe violations (${viewport.name})`, async ({ page }) => {
        const found: string[] = [];
        await page.goto("/w/acme/settings");
        await expect(page.getByRole("list", { name: "Workspace admins" })).toBeVisible();
        found.push(...(await violations(page, "General settings, member")));
        await page.goto(developersPath());
        await expect(page.getByRole("heading", { name: "Your personal tokens" })).toBeVisible();
        found.push(...(await violations(page, "Developers, a member's personal tokens")));
        await page.goto("/w/acme/settings/members");
        await expect(page.getByRole("list", { name: "Members" })).toBeVisible();
        found.push(...(await violations(page, "Members, read-only")));
        expect(found).toEqual([]);
      });
    });
  });
}

test.describe("signed out", () => {
  test("the sign-in page has no axe violations", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByLabel("Password")).toBeVisible();
    expect(await violations(page, "sign-in")).toEqual([]);
  });
});
