import { expect, test, type APIRequestContext } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import {
  closeShownSecret,
  createDialog,
  createTokenViaUi,
  developersPath,
  fillCreateForm,
  openCreateDialog,
  openTokenMenu,
  readShownSecret,
  storageStateFor,
  tokenRow,
  uniqueName,
} from "./helpers";

test.use({ storageState: storageStateFor("admin@acme.test") });

const masked = (value: string) => `${value.slice(0, 12)}…${value.slice(-4)}`;

/** Status of GET /api/v1/token with the value as a Bearer token, from a cookie-less client. */
async function apiStatus(api: APIRequestContext, value: string) {
  const response = await api.get("/api/v1/token", { headers: { Authorization: `Bearer ${value}` } });
  return response.status();
}

test.beforeEach(async ({ page }) => {
  await page.goto(developersPath());
  await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toBeVisible();
});

test("the Developers page is never cached", async ({ page }) => {
  const response = await page.goto(developersPath());
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"] ?? "").toContain("no-store");
});

test("creates a scoped token, shows its value once and afterwards only the masked value", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const name = uniqueName("Fleet reader");
  const value = await createTokenViaUi(page, {
    name,
    description: "Reads one picker arm and the AGVs.",
    scopes: ["devices:read", "groups:read"],
    devices: [{ search: "ACM-1004", option: /ACM-1004/ }],
    groups: ["AGV fleet"],
  });

  const shown = page.getByRole("dialog", { name: "Token ready — copy it now" });
  await expect(shown.getByText("it will not be shown again")).toBeVisible();

  // Not copied yet: Escape asks first; "Keep it open" keeps the value on screen.
  await page.keyboard.press("Escape");
  const confirm = page.getByRole("alertdialog", { name: "Close without copying?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Keep it open" }).click();
  await expect(confirm).toHaveCount(0);
  expect((await shown.getByTestId("token-value").inputValue()) === value).toBe(true);

  // The examples read the token from the environment (no secret in shell history) and call an endpoint any token may.
  const examples = await shown.getByTestId("example").allTextContents();
  expect(
    examples.some((e) => e.includes(value)),
    "an example holds the plaintext",
  ).toBe(false);
  for (const example of examples) expect(example).toContain("${TOLLGATE_TOKEN:?");
  // Setting the variable is a step of its own, never copied with a call (lib/tokens/examples.ts).
  await expect(shown.getByTestId("setup-command")).toHaveText("read -rs TOLLGATE_TOKEN && export TOLLGATE_TOKEN");
  for (const example of examples) expect(example).not.toContain("read -rs");
  expect(examples[0]).toContain("/api/v1/token");
  // The second example is for the first granted scope.
  expect(examples[1]).toContain("/api/v1/devices");

  await shown.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(shown.getByRole("button", { name: "Copied", exact: true })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied === value, "the clipboard holds the shown value").toBe(true);

  // Copied: Done closes in one step, without the warning people learn to click through.
  await shown.getByRole("button", { name: "Done" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByTestId("token-value")).toHaveCount(0);

  await page.reload();
  const row = tokenRow(page, name);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("masked-token")).toHaveText(masked(value));
  await expect(row.getByText("Reads one picker arm and the AGVs.")).toBeVisible();
  await expect(row.getByLabel("Scopes")).toHaveText(/devices:read.*groups:read/);
  await expect(row.getByText("1 device, 1 group")).toBeVisible();
  expect((await page.content()).includes(value), "the rendered page holds the plaintext").toBe(false);
  const html = await (await page.request.get(developersPath())).text();
  expect(html.includes(masked(value)), "the server HTML lists the masked value").toBe(true);
  expect(html.includes(value), "the server HTML holds the plaintext").toBe(false);
});

test("shows a message on each invalid field and creates nothing", async ({ page }) => {
  const name = uniqueName("Invalid");
  const dialog = await openCreateDialog(page);
  const nameField = dialog.getByLabel("Name", { exact: true });
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(nameField).toHaveAttribute("aria-invalid", "true");
  // The hint stays with the error; both are read with the field.
  await expect(nameField).toHaveAccessibleDescription("Unique in this workspace, up to 64 characters. Enter a name");
  await expect(dialog.getByText("Select at least one scope")).toBeVisible();

  await nameField.fill(name);
  await dialog.getByRole("checkbox", { name: /devices:read/ }).check();
  await dialog.getByRole("radio", { name: "Only selected resources" }).check();
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(dialog.getByText("Select at least one device, group or site")).toBeVisible();
  await expect(nameField).not.toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByText("Select at least one scope")).toHaveCount(0);
  await expect(dialog.getByTestId("token-value")).toHaveCount(0);

  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(createDialog(page)).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toBeVisible();
  await expect(tokenRow(page, name)).toHaveCount(0);
});

test("refuses a duplicate name on the name field", async ({ page }) => {
  const name = uniqueName("Duplicate");
  await createTokenViaUi(page, { name, scopes: ["sites:read"] });
  await closeShownSecret(page);
  await expect(tokenRow(page, name)).toHaveCount(1);

  const dialog = await openCreateDialog(page);
  await fillCreateForm(dialog, { name, scopes: ["devices:read"] });
  await dialog.getByRole("button", { name: "Create token" }).click();
  const nameField = dialog.getByLabel("Name", { exact: true });
  await expect(nameField).toHaveAccessibleDescription(/already exists/);
  await expect(nameField).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByTestId("token-value")).toHaveCount(0);

  await page.keyboard.press("Escape");
  await page.reload();
  await expect(tokenRow(page, name)).toHaveCount(1);
});

test("regenerating issues a new value and the old one stops working", async ({ page, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const name = uniqueName("Rotating");
  const oldValue = await createTokenViaUi(page, { name, scopes: ["devices:read"] });
  await closeShownSecret(page);
  expect(await apiStatus(api, oldValue)).toBe(200);

  await openTokenMenu(page, name, "Regenerate…");
  const dialog = page.getByRole("dialog", { name: `Regenerate “${name}”` });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Expiration").selectOption("30d");
  await dialog.getByRole("button", { name: "Regenerate token" }).click();
  const newValue = await readShownSecret(page);
  expect(newValue !== oldValue, "the regenerated value differs from the old one").toBe(true);
  await closeShownSecret(page);

  const row = tokenRow(page, name);
  await expect(row.getByTestId("masked-token")).toHaveText(masked(newValue));
  await expect(row.getByText("Expires in 30 days")).toBeVisible();
  expect(await apiStatus(api, oldValue)).toBe(401);
  expect(await apiStatus(api, newValue)).toBe(200);
  await api.dispose();
});

test("deleting a token removes it and revokes its value", async ({ page, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const name = uniqueName("Short-lived");
  const value = await createTokenViaUi(page, { name, scopes: ["devices:read"] });
  await closeShownSecret(page);
  expect(await apiStatus(api, value)).toBe(200);

  await openTokenMenu(page, name, "Delete…");
  const confirm = page.getByRole("alertdialog", { name: `Delete “${name}”?` });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByText("cannot be undone")).toBeVisible();
  await confirm.getByRole("button", { name: "Delete token" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(tokenRow(page, name)).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toBeVisible();
  await expect(tokenRow(page, name)).toHaveCount(0);
  expect(await apiStatus(api, value)).toBe(401);
  await api.dispose();
});

test("Enter in a resource search box searches; it does not create the token with a half-made selection", async ({ page }) => {
  const name = uniqueName("Enter trap");
  const dialog = await openCreateDialog(page);
  await fillCreateForm(dialog, { name, scopes: ["devices:read"] });
  await dialog.getByRole("radio", { name: "Only selected resources" }).check();
  const search = dialog.getByRole("searchbox", { name: "Search by name, serial or site" });
  await search.fill("ACM-10");
  await search.press("Enter");
  // Still the form, with the search kept, and nothing created.
  await expect(createDialog(page)).toBeVisible();
  await expect(search).toHaveValue("ACM-10");
  await expect(page.getByRole("dialog", { name: "Token ready — copy it now" })).toHaveCount(0);
  await dialog
    .getByRole("checkbox", { name: /ACM-10/ })
    .first()
    .check();
  await dialog.getByRole("button", { name: "Create token" }).click();
  await readShownSecret(page);
  await closeShownSecret(page);
  await expect(tokenRow(page, name)).toBeVisible();
});

for (const viewport of [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
]) {
  test(`secondary text on the Developers tab meets WCAG AA contrast (${viewport.name})`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto(developersPath());
    await expect(page.getByRole("list", { name: "API tokens", exact: true })).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).withRules(["color-contrast"]).analyze();
    expect(violations.flatMap((v) => v.nodes.map((n) => n.target.join(" ")))).toEqual([]);
  });
}

test("at 320 px the header fits and nothing scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 700 });
  await page.goto(developersPath());
  const account = page.getByRole("button", { name: "Account: admin@acme.test" });
  await expect(account).toBeInViewport({ ratio: 1 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await account.click();
  await expect(page.getByRole("menuitem", { name: "Sign out everywhere" })).toBeInViewport();
  await expect(page.getByRole("menuitem", { name: "API docs" })).toBeVisible();
});

test("the title says where you are, and a skip link leads past the header", async ({ page }) => {
  await expect(page).toHaveTitle("Developers · Acme Robotics · Tollgate");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("#main")).toBeFocused();
});
