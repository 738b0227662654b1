import { expect, test } from "@playwright/test";
import { closeShownSecret, createDialog, createTokenViaUi, developersPath, storageStateFor, tokenRow, uniqueName } from "./helpers";

test.use({ storageState: storageStateFor("admin@acme.test") });

test.beforeEach(async ({ page }) => {
  await page.goto(developersPath());
  await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toBeVisible();
});

test("the create dialog opens from the keyboard, is named, closes on Escape and returns focus", async ({ page }) => {
  const trigger = page.getByRole("button", { name: "Create token" }).first();
  await trigger.focus();
  await page.keyboard.press("Enter");

  const dialog = createDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleName("Create API token");
  await expect(dialog).toHaveAccessibleDescription("Choose what the token may do and what it can reach.");
  await expect(dialog.getByLabel("Name", { exact: true })).toBeFocused();

  // A filled form is not thrown away silently: Escape asks, "Keep editing" returns to where the typing was.
  await page.keyboard.type("Half-typed");
  await page.keyboard.press("Escape");
  const discard = page.getByRole("alertdialog", { name: "Discard this token?" });
  await expect(discard).toBeVisible();
  await expect(discard.getByRole("button", { name: "Keep editing" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(discard).toHaveCount(0);
  await expect(dialog.getByLabel("Name", { exact: true })).toBeFocused();
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue("Half-typed");
  await page.keyboard.press("Escape");
  await discard.getByRole("button", { name: "Discard" }).focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(trigger).toBeFocused();

  await page.keyboard.press("Space");
  await expect(createDialog(page)).toBeVisible();
  await expect(createDialog(page).getByLabel("Name", { exact: true })).toHaveValue("");
  await page.keyboard.press("Escape");
  await expect(trigger).toBeFocused();
});

test("a token can be created, copied and closed with the keyboard alone", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const name = uniqueName("Keyboard");
  const trigger = page.getByRole("button", { name: "Create token" }).first();
  await trigger.focus();
  await page.keyboard.press("Enter");
  const dialog = createDialog(page);
  await page.keyboard.type(name);
  const scope = dialog.getByRole("checkbox", { name: /sites:read/ });
  await scope.focus();
  await page.keyboard.press("Space");
  await expect(scope).toBeChecked();
  await dialog.getByRole("button", { name: "Create token" }).focus();
  await page.keyboard.press("Enter");

  const shown = page.getByRole("dialog", { name: "Token ready — copy it now" });
  await expect(shown.getByTestId("token-value")).toBeFocused();
  await page.keyboard.press("Escape");
  const confirm = page.getByRole("alertdialog", { name: "Close without copying?" });
  await expect(confirm).toBeVisible();
  await expect(confirm).toHaveAccessibleDescription(/won't see this token again/);
  // The question has taken focus (its safe answer) before the next key, as a person sees it does.
  await expect(confirm.getByRole("button", { name: "Keep it open" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  await expect(shown).toBeVisible();
  // Focus goes back into the dialog, not to <body>.
  await expect(shown.getByTestId("token-value")).toBeFocused();
  const value = await shown.getByTestId("token-value").inputValue();
  await page.keyboard.press("Tab");
  await expect(shown.getByRole("button", { name: "Copy", exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(shown.getByRole("button", { name: "Copied", exact: true })).toBeVisible();
  expect((await page.evaluate(() => navigator.clipboard.readText())) === value, "the clipboard holds the value").toBe(true);
  // Copied: Escape closes at once, and focus returns to the button that opened the dialog.
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(trigger).toBeFocused();
  await expect(tokenRow(page, name)).toBeVisible();
});

test("the Manage menu and the delete confirmation work from the keyboard", async ({ page }) => {
  const name = uniqueName("Keyboard menu");
  await createTokenViaUi(page, { name, scopes: ["devices:read"] });
  await closeShownSecret(page);

  const manage = page.getByRole("button", { name: `Manage ${name}`, exact: true });
  await manage.focus();
  await expect(manage).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Edit…" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Delete…" })).toBeFocused();
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("alertdialog", { name: `Delete “${name}”?` });
  await expect(confirm).toBeVisible();
  // The safe choice has focus first.
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  await expect(tokenRow(page, name)).toBeVisible();
  await expect(manage).toBeFocused();

  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Regenerate…" })).toBeFocused();
  await page.keyboard.press("Enter");
  const regenerate = page.getByRole("dialog", { name: `Regenerate “${name}”` });
  await expect(regenerate).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(regenerate).toHaveCount(0);
  await expect(manage).toBeFocused();
});

test("a token's name, description and allowed addresses are edited from the keyboard", async ({ page }) => {
  const name = uniqueName("Editable");
  await createTokenViaUi(page, { name, scopes: ["devices:read"] });
  await closeShownSecret(page);
  const manage = page.getByRole("button", { name: `Manage ${name}`, exact: true });
  await manage.focus();
  await expect(manage).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Edit…" })).toBeFocused();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: `Edit “${name}”` });
  await expect(dialog.getByLabel("Name", { exact: true })).toBeFocused();
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue(name);

  const allowed = dialog.getByLabel("Allowed addresses (optional)");
  await allowed.fill("198.51.100.77/24\nnonsense");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(allowed).toBeFocused();
  await expect(allowed).toHaveAccessibleDescription(/“nonsense” is not an IP address or CIDR range/);

  const renamed = uniqueName("Edited");
  await dialog.getByLabel("Name", { exact: true }).fill(renamed);
  await allowed.fill("198.51.100.77/24\n2001:DB8::1");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toHaveCount(0);
  const row = tokenRow(page, renamed);
  await expect(row.getByTestId("allowlist")).toHaveText("Only from 198.51.100.0/24, 2001:db8::1");
  await expect(page.getByRole("button", { name: `Manage ${renamed}`, exact: true })).toBeFocused();
});
