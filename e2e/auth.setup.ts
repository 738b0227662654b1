import { test as setup, expect } from "@playwright/test";
import { ROLES_TO_SIGN_IN, storageStateFor } from "./helpers";
import { DEMO_PASSWORD } from "./helpers";

// Signs in once per role and saves the session for the specs.
for (const account of ROLES_TO_SIGN_IN) {
  setup(`sign in as ${account.email}`, async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Admins land on the Developers tab, members on General settings.
    await expect(page).toHaveURL(/\/w\/[a-z-]+\/settings(\/developers)?$/);
    await page.context().storageState({ path: storageStateFor(account.email) });
  });
}
