import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, developersPath } from "./helpers";

// These tests start signed out and sign in themselves.
test.use({ storageState: { cookies: [], origins: [] } });

async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an admin signs in and lands on the Developers tab", async ({ page }) => {
  await signIn(page, "admin@acme.test");
  await expect(page).toHaveURL(developersPath("acme"));
  await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Developers" })).toHaveAttribute(
    "aria-current",
    "page",
  );
});

test("a signed-out visitor is sent to the sign-in page", async ({ page }) => {
  await page.goto("/settings/developers");
  await expect(page).toHaveURL(/\/login/);
  await page.goto(developersPath("acme"));
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toHaveCount(0);
});

test("a wrong password is refused with one message and stays on /login", async ({ page }) => {
  await signIn(page, "owner@acme.test", "not-the-password");
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("Email")).toHaveValue("owner@acme.test");
  // Still signed out.
  await page.goto(developersPath("acme"));
  await expect(page).toHaveURL(/\/login/);
});

test("an unknown email gets the same message as a wrong password", async ({ page }) => {
  await signIn(page, "nobody@acme.test");
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("a deactivated former admin cannot sign in with the right password", async ({ page }) => {
  await signIn(page, "former-admin@acme.test");
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(developersPath("acme"));
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText("Legacy dock sync")).toHaveCount(0);
});

test("sign-out ends the session", async ({ page }) => {
  await signIn(page, "admin@acme.test");
  await expect(page).toHaveURL(developersPath("acme"));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await page.goto(developersPath("acme"));
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toHaveCount(0);
});
