import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { db } from "../lib/db/client";
import { closeShownSecret, developersPath, fillCreateForm, readShownSecret, storageStateFor, tokenRow, uniqueName } from "./helpers";

test.use({ storageState: storageStateFor("admin@acme.test") });

test("the Test/Live switch shows each environment's tokens, remembers the choice, and creates tg_test_ tokens with their own limit", async ({
  page,
  playwright,
  baseURL,
}) => {
  await page.goto(developersPath());
  const switcher = page.getByRole("radiogroup", { name: "Environment" });
  await expect(switcher.getByRole("radio", { name: "Live" })).toBeChecked();
  await expect(page.getByText("Test environment.")).toHaveCount(0);

  await switcher.getByRole("radio", { name: "Test" }).click();
  await expect(page).toHaveURL(/env=test/);
  await expect(switcher.getByRole("radio", { name: "Test" })).toBeChecked();
  await expect(page.getByText("Test environment.", { exact: false })).toBeVisible();

  const name = uniqueName("Sandbox sync");
  await page.getByRole("button", { name: "Create test token" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create test API token" });
  await expect(dialog.getByText("Test token.", { exact: false })).toBeVisible();
  // The audit log is live data: its scope cannot be chosen here, and its group box is unchecked (not "all of none"), saying why.
  const auditGroup = dialog.getByRole("checkbox", { name: "All audit log scopes" });
  await expect(auditGroup).not.toBeChecked();
  await expect(auditGroup).toBeDisabled();
  await expect(auditGroup).toHaveAccessibleDescription(/live workspace's record.*test token cannot read it/);
  await expect(dialog.getByRole("checkbox", { name: /^audit:read / })).toBeDisabled();
  await fillCreateForm(dialog, { name, scopes: ["devices:read"] });
  await dialog.getByLabel("Requests per minute (optional)").fill("12x");
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(dialog.getByText(/Enter a whole number from 1 to 1,000,000/)).toBeVisible();
  await expect(dialog.getByLabel("Requests per minute (optional)")).toBeFocused();
  await dialog.getByLabel("Requests per minute (optional)").fill("120");
  await dialog.getByRole("button", { name: "Create token" }).click();
  const value = await readShownSecret(page);
  expect(value.startsWith("tg_test_"), "a test token starts with tg_test_").toBe(true);
  await closeShownSecret(page);
  const row = tokenRow(page, name);
  await expect(row.getByTestId("rate-limit")).toHaveText("120 requests per minute");

  const api = await playwright.request.newContext({ baseURL });
  const response = await api.get("/api/v1/token", { headers: { Authorization: `Bearer ${value}` } });
  expect(response.status()).toBe(200);
  expect(response.headers()["ratelimit-limit"]).toBe("120");
  expect(((await response.json()) as { data: { environment: string } }).data.environment).toBe("test");
  await api.dispose();

  // Coming back without ?env= opens the environment chosen last, in this workspace.
  await page.goto(developersPath());
  await expect(switcher.getByRole("radio", { name: "Test" })).toBeChecked();
  await expect(tokenRow(page, name)).toBeVisible();
  await switcher.getByRole("radio", { name: "Live" }).click();
  await expect(page).toHaveURL(/env=live/);
  await expect(page.getByText("Test environment.")).toHaveCount(0);
  await expect(tokenRow(page, name)).toHaveCount(0);
  // Arrow keys move along the switch, as in any radio group.
  await switcher.getByRole("radio", { name: "Live" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(switcher.getByRole("radio", { name: "Test" })).toBeFocused();
});

test("Reset sandbox data undoes what test tokens changed, and leaves live data alone", async ({ page, playwright, baseURL }) => {
  await page.goto(`${developersPath()}?env=test`);
  const name = uniqueName("Sandbox writer");
  await page.getByRole("button", { name: "Create test token" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create test API token" });
  await fillCreateForm(dialog, { name, scopes: ["devices:read", "devices:write"] });
  await dialog.getByRole("button", { name: "Create token" }).click();
  const value = await readShownSecret(page);
  await closeShownSecret(page);

  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${value}` } });
  const list = (await (await api.get("/api/v1/devices?limit=1")).json()) as { data: { serial: string; name: string }[] };
  const device = list.data[0];
  const renamed = uniqueName("Renamed in the sandbox");
  expect((await api.patch(`/api/v1/devices/${device.serial}`, { data: { name: renamed } })).status()).toBe(200);
  expect(((await (await api.get(`/api/v1/devices/${device.serial}`)).json()) as { data: { name: string } }).data.name).toBe(renamed);

  await page.getByRole("button", { name: "Reset sandbox data" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Reset sandbox data?" });
  expect(await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze()).toMatchObject({
    violations: [],
  });
  await confirm.getByRole("button", { name: "Reset sandbox" }).click();
  await expect(page.getByText(/Sandbox reset: \d+ devices/)).toBeVisible();
  await expect(confirm).toHaveCount(0);
  expect(((await (await api.get(`/api/v1/devices/${device.serial}`)).json()) as { data: { name: string } }).data.name).toBe(device.name);
  // The test token still works after the reset.
  expect((await api.get("/api/v1/token")).status()).toBe(200);
  await api.dispose();
});

test("in Test, the resource pickers pick the sandbox copies, and the token reaches them", async ({ page, playwright, baseURL }) => {
  await page.goto(`${developersPath()}?env=test`);
  const name = uniqueName("Sandbox dock");
  await page.getByRole("button", { name: "Create test token" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create test API token" });
  await fillCreateForm(dialog, { name, devices: [{ search: "ACM-1004", option: /ACM-1004/ }] });
  await dialog.getByRole("button", { name: "Create token" }).click();
  const value = await readShownSecret(page);
  await closeShownSecret(page);

  // The chosen device is the sandbox twin of ACM-1004, not the live one.
  const token = await db.apiToken.findFirstOrThrow({
    where: { name },
    select: { environment: true, devices: { select: { device: true } } },
  });
  expect(token.environment).toBe("test");
  expect(token.devices.map((d) => [d.device.serial, d.device.environment])).toEqual([["ACM-1004", "test"]]);

  const api = await playwright.request.newContext({ baseURL });
  const own = await api.get("/api/v1/devices/ACM-1004", { headers: { Authorization: `Bearer ${value}` } });
  expect(own.status()).toBe(200);
  const other = await api.get("/api/v1/devices/ACM-1001", { headers: { Authorization: `Bearer ${value}` } });
  expect(other.status()).toBe(404);
  await api.dispose();
});
