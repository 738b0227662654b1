import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Locator, type Page, type Request } from "@playwright/test";

export { DEMO_PASSWORD } from "../prisma/seed";

export const ROLES_TO_SIGN_IN = [
  { email: "owner@acme.test" },
  { email: "admin@acme.test" },
  { email: "member@acme.test" },
  { email: "admin@globex.test" },
] as const;

export function storageStateFor(email: string) {
  return path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    "..",
    "test-results",
    ".auth",
    `${email.replace(/[^a-z0-9]/gi, "_")}.json`,
  );
}

const TOKEN_PATTERN = /^tg_(live|test|user)_[0-9A-Za-z]{33}$/;

export const developersPath = (slug = "acme") => `/w/${slug}/settings/developers`;

/** Token names are unique per workspace and specs share one database: every name gets a random suffix. */
export function uniqueName(label: string) {
  return `${label} ${Math.random().toString(36).slice(2, 8)}`;
}

/** Checked without putting the value into an assertion message. */
function looksLikeToken(value: string) {
  return TOKEN_PATTERN.test(value);
}

export function tokenRow(page: Page, name: string): Locator {
  return page
    .getByRole("list", { name: "API tokens", exact: true })
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name, exact: true }) });
}

export function createDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: "Create API token" });
}

export async function openCreateDialog(page: Page) {
  await page.getByRole("button", { name: "Create token" }).first().click();
  const dialog = createDialog(page);
  await expect(dialog).toBeVisible();
  return dialog;
}

export interface NewTokenOptions {
  name: string;
  description?: string;
  scopes?: string[];
  /** Picks "Only selected resources" with these; each entry is the search text and the option's accessible name. */
  devices?: { search: string; option: RegExp }[];
  groups?: string[];
}

/** Fills the create dialog (which must be open) without submitting. */
export async function fillCreateForm(dialog: Locator, options: NewTokenOptions) {
  await dialog.getByLabel("Name", { exact: true }).fill(options.name);
  if (options.description) await dialog.getByLabel("Description (optional)").fill(options.description);
  for (const scope of options.scopes ?? ["devices:read"]) {
    await dialog.getByRole("checkbox", { name: new RegExp(`^${scope} `) }).check();
  }
  if (options.devices || options.groups) {
    await dialog.getByRole("radio", { name: "Only selected resources" }).check();
    for (const device of options.devices ?? []) {
      await dialog.getByRole("tab", { name: /^Devices/ }).click();
      await dialog.getByRole("searchbox", { name: "Search by name, serial or site" }).fill(device.search);
      await dialog.getByRole("checkbox", { name: device.option }).check();
    }
    for (const group of options.groups ?? []) {
      await dialog.getByRole("tab", { name: /^Device groups/ }).click();
      await dialog.getByRole("searchbox", { name: "Search groups by name" }).fill(group);
      await dialog.getByRole("checkbox", { name: new RegExp(`^${group} \\(`) }).check();
    }
  }
}

/** Creates a token through the dialog and returns its value from the show-once view, which stays open. */
export async function createTokenViaUi(page: Page, options: NewTokenOptions): Promise<string> {
  const dialog = await openCreateDialog(page);
  await fillCreateForm(dialog, options);
  await dialog.getByRole("button", { name: "Create token" }).click();
  return readShownSecret(page);
}

export async function readShownSecret(page: Page): Promise<string> {
  const shown = page.getByRole("dialog", { name: "Token ready — copy it now" });
  const field = shown.getByTestId("token-value");
  await expect(field).toBeVisible();
  const value = await field.inputValue();
  expect(looksLikeToken(value), "the shown value has the tg_live_ shape").toBe(true);
  return value;
}

/** Leaves the show-once view through its confirmation. */
export async function closeShownSecret(page: Page) {
  await page.getByRole("dialog", { name: "Token ready — copy it now" }).getByRole("button", { name: "Done" }).click();
  await page.getByRole("alertdialog", { name: "Close without copying?" }).getByRole("button", { name: "Close anyway" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await focusSettled(page);
}

/**
 * Waits until focus has come back to the page after a dialog closed. Radix
 * returns focus a tick after the dialog leaves the DOM; a test that focuses
 * something in that tick loses the race. Focus left on <body> or inside a
 * closed dialog is a bug (nowhere for a keyboard user to continue), so this
 * also fails the test when focus is lost.
 */
export async function focusSettled(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(() => {
        const active = document.activeElement;
        if (!active || active === document.body) return "body";
        return active.closest("[role=dialog],[role=alertdialog]") ? "dialog" : "page";
      }),
    )
    .toBe("page");
}

export async function openTokenMenu(page: Page, name: string, item: "Regenerate…" | "Delete…") {
  await page.getByRole("button", { name: `Manage ${name}`, exact: true }).click();
  // Chosen with the keyboard, as a menu is: specs in the other worker add tokens to Acme, and a list that
  // re-renders with rows above can carry the open menu out of the viewport, where a pointer click never lands.
  const entry = page.getByRole("menuitem", { name: item });
  await entry.focus();
  await page.keyboard.press("Enter");
}

/** A server-action POST as the browser sent it, for replaying from other sessions. */
export interface CapturedAction {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export async function captureAction(request: Request): Promise<CapturedAction> {
  const all = await request.allHeaders();
  const keep = ["next-action", "next-router-state-tree", "content-type", "accept"];
  const headers = Object.fromEntries(Object.entries(all).filter(([k]) => keep.includes(k.toLowerCase())));
  return { url: request.url(), headers, body: request.postData() ?? "" };
}

export function isServerAction(request: Request) {
  return request.method() === "POST" && Boolean(request.headers()["next-action"]);
}
