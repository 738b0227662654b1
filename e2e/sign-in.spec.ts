import { expect, test, type Page } from "@playwright/test";
import { freshUser } from "./factories";
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
  // Focus goes to the field to retype, which is described by the error, so a screen reader hears it there.
  await expect(page.getByLabel("Password")).toBeFocused();
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription("Wrong email or password.");
  await expect(page.getByLabel("Email")).toHaveAccessibleDescription("Wrong email or password.");
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

test("a deactivated former admin cannot sign in with the right password, and is told why; a wrong password still says nothing more", async ({
  page,
}) => {
  await signIn(page, "former-admin@acme.test", "not-the-password");
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await signIn(page, "former-admin@acme.test");
  await expect(page.locator("#login-error")).toHaveText(/This account is deactivated, so it cannot sign in/);
  await expect(page.getByLabel("Password")).toBeFocused();
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/This account is deactivated/);
  await expect(page).toHaveURL(/\/login/);
  await page.goto(developersPath("acme"));
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText("Legacy dock sync")).toHaveCount(0);
});

test("sign-out ends the session, and a cookie copied before it is worthless", async ({ page, browser }) => {
  await signIn(page, "admin@acme.test");
  await expect(page).toHaveURL(developersPath("acme"));
  const copied = await page.context().cookies();
  await page.getByRole("button", { name: "Account: admin@acme.test" }).click();
  await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await page.goto(developersPath("acme"));
  await expect(page).toHaveURL(/\/login/);
  // An attacker replays the cookie taken before sign-out, in a browser of their own.
  const replay = await browser.newContext({ storageState: { cookies: copied, origins: [] } });
  const other = await replay.newPage();
  await other.goto(developersPath("acme"));
  await expect(other).toHaveURL(/\/login/);
  await expect(other.getByRole("heading", { name: "API tokens", exact: true })).toHaveCount(0);
  await replay.close();
});

test("sign out everywhere ends the user's sessions in other browsers too", async ({ page, browser }) => {
  // A user of its own: ending every session of a shared demo login would sign other specs out.
  const { email } = await freshUser();
  const elsewhere = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const phone = await elsewhere.newPage();
  await signIn(phone, email);
  await expect(phone).toHaveURL(developersPath("acme"));
  await signIn(page, email);
  await expect(page).toHaveURL(developersPath("acme"));
  await page.getByRole("button", { name: `Account: ${email}` }).click();
  await page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=everywhere/);
  await expect(page.getByText("You are signed out on every device.")).toBeVisible();
  await phone.reload();
  await expect(phone).toHaveURL(/\/login/);
  await elsewhere.close();
});

test("a sign-in link that points off the site lands on the site instead", async ({ page }) => {
  for (const hostile of ["/%09/evil.example/", "//evil.example/", "/\\evil.example/", "https://evil.example/"]) {
    await page.goto(`/login?callbackUrl=${encodeURIComponent(hostile)}`);
    await page.getByLabel("Email").fill("admin@acme.test");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(developersPath("acme"));
    expect(new URL(page.url()).hostname).toBe("127.0.0.1");
    await page.context().clearCookies();
  }
});

test("an empty form is refused field by field, focus on the first field to fix, each described by its error", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  const email = page.getByLabel("Email");
  await expect(email).toBeFocused();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription(/.+/);
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/.+/);
});
