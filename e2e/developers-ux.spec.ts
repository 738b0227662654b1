import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import {
  closeShownSecret,
  createTokenViaUi,
  developersPath,
  fillCreateForm,
  focusSettled,
  openCreateDialog,
  openTokenMenu,
  readShownSecret,
  storageStateFor,
  tokenRow,
  uniqueName,
} from "./helpers";
import { db } from "../lib/db/client";
import { actorFor, freshUser, makeToken } from "./factories";

test.use({ storageState: storageStateFor("admin@acme.test") });

const run = promisify(execFile);

test.beforeEach(async ({ page }) => {
  await page.goto(developersPath());
  await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toBeVisible();
});

/** Runs one shown example as a user would after pasting it, with the token in the environment. */
async function runExample(language: string, code: string, token: string): Promise<string> {
  // As in a terminal that is not forced into colour (Playwright forces it for its own output).
  const { FORCE_COLOR: _, ...inherited } = process.env;
  const env = { ...inherited, TOLLGATE_TOKEN: token };
  // curl: step 1 (read) has set TOLLGATE_TOKEN in the shell; tests/api/paste.test.ts pastes both steps into bash through a pty.
  if (language === "curl") return (await run("bash", ["-c", code], { env })).stdout;
  if (language === "javascript") return (await run("node", ["--input-type=module", "-e", code], { env })).stdout;
  return (await run("python3", ["-c", code], { env })).stdout;
}

test("every example in the show-once view works when pasted, in curl, JavaScript and Python", async ({ page }) => {
  const name = uniqueName("Examples");
  const value = await createTokenViaUi(page, { name, scopes: ["sites:read", "devices:write"] });
  const shown = page.getByRole("dialog", { name: "Token ready — copy it now" });
  for (const [tab, language] of [
    ["curl", "curl"],
    ["JavaScript", "javascript"],
    ["Python", "python"],
  ] as const) {
    await shown.getByRole("tab", { name: tab, exact: true }).click();
    const examples = await shown.getByTestId("example").allTextContents();
    // GET /api/v1/token, then the list of the first granted scope that has one (sites:read; a write scope changes data).
    expect(examples).toHaveLength(2);
    expect(examples[0]).toContain("/api/v1/token");
    expect(examples[1]).toContain("/api/v1/sites");
    for (const example of examples) {
      expect(example.includes(value), "an example holds the plaintext").toBe(false);
      const output = await runExample(language, example, value);
      if (language === "curl") {
        expect(JSON.parse(output)).toHaveProperty("data");
      } else {
        expect(output.startsWith("200 "), `${language} example printed ${output.slice(0, 80)}`).toBe(true);
      }
    }
    const output = await runExample(language, examples[0], value);
    expect(output).toContain(name);
  }
  await closeShownSecret(page);
});

test("the create form shows limits, where the expiry lands, and warns about no expiry; hints stay with errors", async ({ page }) => {
  const dialog = await openCreateDialog(page);
  const nameField = dialog.getByLabel("Name", { exact: true });
  await expect(dialog.getByText("0/64")).toBeVisible();
  await expect(dialog.getByText("0/500")).toBeVisible();
  await nameField.fill("Counter");
  await expect(dialog.getByText("7/64")).toBeVisible();

  const expiry = dialog.getByLabel("Expiration");
  await expect(expiry).toHaveValue("90d");
  await expect(expiry).toHaveAccessibleDescription(/^Expires on \d{1,2} \w{3} \d{4}\.$/);
  await expiry.selectOption("never");
  await expect(expiry).toHaveAccessibleDescription(/stay valid until someone deletes them/);

  // An invalid name keeps its hint next to the error, and both are read with the field.
  await nameField.fill("");
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(nameField).toBeFocused();
  await expect(nameField).toHaveAccessibleDescription(/Unique in this workspace, up to 64 characters\..*Enter a name/);
  await expect(dialog.getByText("Unique in this workspace, up to 64 characters.")).toBeVisible();

  // The submit button stays in view in a long form, also on a phone.
  await page.setViewportSize({ width: 390, height: 640 });
  await dialog.getByRole("radio", { name: "Only selected resources" }).check();
  await expect(dialog.getByRole("button", { name: "Create token" })).toBeInViewport();
});

test("an error in the scopes or the resources takes focus and is read out", async ({ page }) => {
  const dialog = await openCreateDialog(page);
  await dialog.getByLabel("Name", { exact: true }).fill(uniqueName("Focus"));
  await dialog.getByRole("button", { name: "Create token" }).click();
  const firstScope = dialog.getByRole("checkbox", { name: /^devices:read / });
  await expect(firstScope).toBeFocused();
  await expect(firstScope).toHaveAttribute("aria-invalid", "true");
  await expect(firstScope).toHaveAccessibleDescription("Select at least one scope");

  await page.keyboard.press("Space");
  await dialog.getByRole("radio", { name: "Only selected resources" }).check();
  await dialog.getByRole("button", { name: "Create token" }).click();
  const search = dialog.getByRole("searchbox", { name: "Search by name, serial or site" });
  await expect(search).toBeFocused();
  await expect(search).toHaveAccessibleDescription("Select at least one device, group or site");
  await expect(page.getByRole("dialog", { name: "Token ready — copy it now" })).toHaveCount(0);
});

test("resource search matches what the rows show, keeps each tab's query, and chips say what they are", async ({ page }) => {
  const dialog = await openCreateDialog(page);
  await dialog.getByRole("radio", { name: "Only selected resources" }).check();
  const search = dialog.getByRole("searchbox", { name: "Search by name, serial or site" });
  // A site name shown on the row finds the devices there.
  await search.fill("lyon");
  await expect(dialog.getByRole("checkbox", { name: /ACM-1001 · Lyon Warehouse/ })).toBeVisible();
  // Digits in the middle of a serial.
  await search.fill("1001");
  const device = dialog.getByRole("checkbox", { name: /ACM-1001/ });
  await expect(device).toBeVisible();
  await device.check();

  await dialog.getByRole("tab", { name: /^Sites/ }).click();
  await dialog.getByRole("searchbox", { name: "Search sites by name" }).fill("berlin");
  await dialog.getByRole("checkbox", { name: /^Berlin Plant/ }).check();
  await dialog.getByRole("tab", { name: /^Devices/ }).click();
  await expect(search).toHaveValue("1001");
  await dialog.getByRole("tab", { name: /^Sites/ }).click();
  await expect(dialog.getByRole("searchbox", { name: "Search sites by name" })).toHaveValue("berlin");

  const chips = dialog.getByRole("list", { name: "Selected resources" });
  await expect(chips.getByRole("listitem")).toHaveText([/^Device:/, /^Site: Berlin Plant/]);
  await expect(chips.getByRole("button", { name: "Remove site Berlin Plant" })).toBeVisible();
});

test("after a delete, focus moves to the next token's Manage button", async ({ page }) => {
  const first = uniqueName("Focus first");
  const second = uniqueName("Focus second");
  for (const name of [first, second]) {
    await createTokenViaUi(page, { name });
    await closeShownSecret(page);
  }
  // Newest first: `second` is above `first`, unless the other worker made an Acme token in between; the row
  // that follows `second` when it is deleted is the one to land on (tokens made later go above it, not below).
  const manageLabels = await page
    .getByRole("button", { name: /^Manage / })
    .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
  const next = manageLabels[manageLabels.indexOf(`Manage ${second}`) + 1];
  expect(next).toBeTruthy();
  await openTokenMenu(page, second, "Delete…");
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete token" }).click();
  await expect(tokenRow(page, second)).toHaveCount(0);
  await expect(page.getByRole("button", { name: next!, exact: true })).toBeFocused();
  expect(manageLabels).toContain(`Manage ${first}`);
});

test("regenerate shows the current expiry and keeps the lifetime the token had", async ({ page }) => {
  const name = uniqueName("Thirty days");
  const dialog = await openCreateDialog(page);
  await fillCreateForm(dialog, { name });
  await dialog.getByLabel("Expiration").selectOption("30d");
  await dialog.getByRole("button", { name: "Create token" }).click();
  await readShownSecret(page);
  await closeShownSecret(page);

  const row = tokenRow(page, name);
  // One wording everywhere: the badge and the "created" time agree with the choice made.
  await expect(row.getByText("Expires in 30 days")).toBeVisible();
  await expect(row.getByText("just now")).toBeVisible();
  await openTokenMenu(page, name, "Regenerate…");
  const regenerate = page.getByRole("dialog", { name: `Regenerate “${name}”` });
  await expect(regenerate.getByTestId("current-expiry")).toHaveText(/The current value expires on \d{1,2} \w{3} \d{4} \(in 30 days\)\./);
  await expect(regenerate.getByLabel("Expiration")).toHaveValue("30d");
  await page.keyboard.press("Escape");
  await focusSettled(page);
});

test("a long name wraps in the list instead of being cut off", async ({ page }) => {
  const name = `Nightly${"x".repeat(50)} ${Math.random().toString(36).slice(2, 6)}`;
  await page.setViewportSize({ width: 390, height: 844 });
  await createTokenViaUi(page, { name });
  await closeShownSecret(page);
  const heading = tokenRow(page, name).getByRole("heading", { name, exact: true });
  await expect(heading).toBeVisible();
  const clipped = await heading.evaluate((el) => el.scrollWidth > el.clientWidth);
  expect(clipped).toBe(false);
  // On a phone the search bar and banners put the list below the fold: scrolled to, the whole name fits the width.
  await heading.scrollIntoViewIfNeeded();
  await expect(heading).toBeInViewport({ ratio: 1 });
});

test("the exact time shows on keyboard focus", async ({ page }) => {
  const time = page.getByRole("list", { name: "API tokens", exact: true }).locator("time").first();
  // Focus again until the page has hydrated: a focus that lands before React attaches the tooltip opens nothing.
  await expect(async () => {
    await time.blur();
    await time.focus();
    await expect(page.getByRole("tooltip")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByRole("tooltip")).toHaveText(/\d{1,2} \w{3} \d{4}, \d{2}:\d{2}/);
});

test("the activity log names people, filters by person, action and token, and pages with a cursor", async ({ page }) => {
  const person = await freshUser("admin");
  const actor = await actorFor("acme", person.email);
  const label = uniqueName("Logged");
  for (let i = 0; i < 26; i++) await makeToken({ actor, label, scopes: ["sites:read"] });

  await page.reload();
  const recent = page.getByRole("list", { name: "Recent activity" });
  // Names, as the token list shows people; the email is the hover text.
  await expect(recent.getByRole("listitem").first()).toContainText(`Test person created “${label}`);
  await page.getByRole("link", { name: "View all activity" }).click();
  await expect(page).toHaveTitle("Activity · Developers · Acme Robotics · Tollgate");
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Developers" })).toHaveAttribute(
    "aria-current",
    "page",
  );

  await page.getByLabel("Person").selectOption(person.email);
  await page.getByRole("button", { name: "Filter" }).click();
  const log = page.getByRole("list", { name: "Token activity" });
  await expect(log.getByRole("listitem")).toHaveCount(25);
  await page.getByRole("link", { name: "Older" }).click();
  await expect(log.getByRole("listitem")).toHaveCount(1);
  await expect(page.getByRole("link", { name: "Older" })).toHaveCount(0);
  await expect(page.getByLabel("Person")).toHaveValue(person.email);
  await page.getByRole("link", { name: "Newest" }).click();
  await expect(log.getByRole("listitem")).toHaveCount(25);

  await page.getByLabel("Action").selectOption("token.deleted");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("status")).toHaveText("No events match these filters.");
  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/activity$/);
  await page.getByLabel("Token name contains").fill(label);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(log.getByRole("listitem")).toHaveCount(25);
  for (const text of await log.getByRole("listitem").allTextContents()) expect(text).toContain(label);

  // A cursor that is another workspace's event, or no event, starts from the newest; a bogus filter is dropped.
  const other = await makeToken({ slug: "globex", label: "Globex's" });
  const globexEvent = await db.auditEvent.findFirstOrThrow({ where: { tokenId: other.id }, select: { id: true } });
  const newest = await db.auditEvent.findFirstOrThrow({
    where: { workspace: { slug: "acme" } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { tokenName: true },
  });
  for (const after of [globexEvent.id, "notanevent"]) {
    await page.goto(`${developersPath()}/activity?after=${after}&action=bogus`);
    await expect(page.getByLabel("Action")).toHaveValue("");
    await expect(log.getByRole("listitem").first()).toContainText(`“${newest.tokenName}”`);
    await expect(log.getByRole("listitem")).toHaveCount(25);
  }
});

test("regenerating with a 1-hour overlap keeps the old value working, and the row says until when", async ({
  page,
  playwright,
  baseURL,
}) => {
  const name = uniqueName("Overlap");
  const old = await createTokenViaUi(page, { name });
  await closeShownSecret(page);
  await openTokenMenu(page, name, "Regenerate…");
  const regenerate = page.getByRole("dialog", { name: `Regenerate “${name}”` });
  await expect(regenerate.getByLabel("Old value stops working")).toHaveValue("now");
  await regenerate.getByLabel("Old value stops working").selectOption({ label: "In 1 hour" });
  await regenerate.getByRole("button", { name: "Regenerate token" }).click();
  const fresh = await readShownSecret(page);
  await closeShownSecret(page);
  await expect(tokenRow(page, name).getByTestId("old-value")).toHaveText("The old value stops working in 1 hour.");

  const api = await playwright.request.newContext({ baseURL });
  for (const value of [old, fresh]) {
    const response = await api.get("/api/v1/token", { headers: { Authorization: `Bearer ${value}` } });
    expect(response.status()).toBe(200);
  }
  await api.dispose();
});

test("every problem in the create form is reported in one pass, each bad allowed address by its line", async ({ page }) => {
  const dialog = await openCreateDialog(page);
  // No name, no scope, a past custom date, two bad address lines and a bad limit, all at once.
  await dialog.getByLabel("Expiration").selectOption("custom");
  await dialog.getByLabel("Expires on").fill("2020-01-01");
  const allowed = dialog.getByLabel("Allowed addresses (optional)");
  await allowed.fill("192.0.2.1\nexample.com\n10.0.0.0/33");
  await dialog.getByLabel("Requests per minute (optional)").fill("lots");
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveAccessibleDescription(/Enter a name/);
  await expect(dialog.getByRole("checkbox", { name: /^devices:read / })).toHaveAccessibleDescription("Select at least one scope");
  await expect(dialog.getByLabel("Expires on")).toHaveAccessibleDescription(/Pick a date in the future/);
  await expect(allowed).toHaveAccessibleDescription(
    /2 entries are not IP addresses or CIDR ranges: line 2 “example.com”, line 3 “10.0.0.0\/33”/,
  );
  await expect(dialog.getByLabel("Requests per minute (optional)")).toHaveAccessibleDescription(/whole number from 1 to 1,000,000/);
});

for (const viewport of [
  { width: 390, height: 640 },
  { width: 320, height: 560 },
]) {
  test(`at ${viewport.width} px every control in the create form is fully in view when focused, never under the Cancel/Create bar`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    const dialog = await openCreateDialog(page);
    await dialog.getByRole("radio", { name: "Only selected resources" }).check();
    const bar = dialog.getByRole("button", { name: "Create token" }).locator("xpath=..");
    const body = bar.locator("xpath=ancestor::div[contains(@class,'overflow-y-auto')][1]");
    // No strip of the form shows under the bar: it sits on the body's bottom edge.
    const [barBox, bodyBox] = [await bar.boundingBox(), await body.boundingBox()];
    expect(Math.abs(barBox!.y + barBox!.height - (bodyBox!.y + bodyBox!.height))).toBeLessThanOrEqual(1);
    await dialog.getByLabel("Name", { exact: true }).focus();
    const seen = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const where = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const r = el.getBoundingClientRect();
        const label = `${el.tagName} ${el.id || el.getAttribute("aria-label") || el.textContent?.trim().slice(0, 30)}`;
        return { label, top: r.top, bottom: r.bottom, inBar: Boolean(el.closest(".sticky")) };
      });
      if (where.inBar) break;
      seen.add(where.label);
      const bar = await dialog.getByRole("button", { name: "Create token" }).locator("xpath=..").boundingBox();
      expect(where.bottom, `${where.label} is under the bar`).toBeLessThanOrEqual(bar!.y + 1);
      expect(where.top, `${where.label} is above the dialog body`).toBeGreaterThanOrEqual(bodyBox!.y - 1);
      await page.keyboard.press("Tab");
    }
    // The walk went through the form (scopes, resources, allowlist) and ended on the bar.
    expect(seen.size).toBeGreaterThan(10);
  });
}
