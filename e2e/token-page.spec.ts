import { expect, test } from "@playwright/test";
import { db } from "../lib/db/client";
import { maskToken, displayParts } from "../lib/tokens/format";
import { createToken } from "../lib/tokens/service";
import { developersPath, storageStateFor, tokenRow, uniqueName } from "./helpers";

test.use({ storageState: storageStateFor("admin@acme.test") });

async function adminToken(name: string) {
  const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
  const acme = await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } });
  const issued = await createToken(
    { user: admin, workspace: acme, ip: null, userAgent: "e2e" },
    {
      name,
      description: "Used by the e2e usage spec.",
      expiresAt: null,
      scopes: ["devices:read"],
      allResources: true,
      deviceIds: [],
      groupIds: [],
      siteIds: [],
    },
  );
  if (!issued.ok) throw new Error(issued.error);
  return issued.data;
}

/** Usage is written about once a second: wait until `count` records of the token are in. */
async function recorded(tokenId: string, count: number) {
  await expect.poll(() => db.usageRecord.count({ where: { tokenId } }), { timeout: 10_000 }).toBeGreaterThanOrEqual(count);
}

test("after real API calls the token page shows the chart, the table and filterable requests", async ({ page }) => {
  const name = uniqueName("Usage page");
  const token = await adminToken(name);
  const auth = { authorization: `Bearer ${token.plaintext}` };
  expect((await page.request.get("/api/v1/devices?limit=2", { headers: auth })).status()).toBe(200);
  expect((await page.request.get("/api/v1/token", { headers: auth })).status()).toBe(200);
  expect((await page.request.get("/api/v1/sites", { headers: auth })).status()).toBe(403);
  expect((await page.request.get("/api/v1/devices/NO-SUCH", { headers: auth })).status()).toBe(404);
  // A method the path does not take is a response to the token too.
  const refusedMethod = await page.request.delete("/api/v1/devices/NO-SUCH", { headers: auth });
  expect(refusedMethod.status()).toBe(405);
  const refusedId = refusedMethod.headers()["x-request-id"];
  await recorded(token.id, 5);

  await page.goto(developersPath());
  const row = tokenRow(page, name);
  await expect(row.getByTestId("sparkline")).toHaveAccessibleName(`Requests per day of ${name}: 5 requests in 14 days`);
  await row.getByRole("link", { name }).click();
  await expect(page).toHaveURL(new RegExp(`/settings/developers/tokens/${token.id}$`));
  await expect(page.getByRole("heading", { name, level: 2 })).toBeVisible();
  await expect(page.getByText("5 requests in the last 30 days, 3 of them refused or failed.")).toBeVisible();
  // The chart draws (client-side), and the same numbers are a table away.
  const chart = page.getByTestId("usage-chart");
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  // Decorative: nothing in it takes focus (the table is the accessible form).
  await expect(chart.locator('[tabindex]:not([tabindex^="-"])')).toHaveCount(0);
  await page.getByText("Show as a table").click();
  const today = new Date().toISOString().slice(0, 10);
  await expect(page.getByRole("row", { name: new RegExp(`^${today}`) })).toHaveText(new RegExp(`${today}\\s*2\\s*3`));

  const requests = page.getByRole("table", { name: "Recent requests" });
  await expect(requests.getByRole("row")).toHaveCount(6);
  // The 405, with its error code and its whole request id, copyable.
  const refusedRow = requests.getByRole("row").filter({ hasText: refusedId });
  await expect(refusedRow).toContainText("DELETE /api/v1/devices/{serial}");
  await expect(refusedRow.getByRole("link", { name: "method_not_allowed" })).toHaveAttribute("href", "/docs/api#error-method_not_allowed");
  await expect(refusedRow.getByRole("button", { name: "Copy id" })).toBeVisible();
  await expect(refusedRow.locator("time").first()).toHaveText(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(GMT/);
  // One id finds that request alone.
  await page.getByLabel("Request id").fill(refusedId);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`request_id=${refusedId}`));
  await expect(requests.getByRole("row")).toHaveCount(2);
  await page.getByRole("link", { name: "Clear filters" }).click();
  // Cleared means cleared: the id typed before is gone from its field too.
  await expect(page.getByLabel("Request id")).toHaveValue("");
  await page.getByLabel("Status").selectOption("4xx");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=4xx/);
  await expect(requests.getByRole("row")).toHaveCount(4);
  await expect(requests).toContainText("GET /api/v1/sites");
  await expect(requests).not.toContainText("GET /api/v1/token");
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(requests.getByRole("row")).toHaveCount(6);
});

test("search finds a token by a pasted prefix…last four and by a whole pasted value, which never enters the URL", async ({ page }) => {
  const name = uniqueName("Findable");
  const token = await adminToken(name);
  await page.goto(developersPath());
  const search = page.getByRole("searchbox");
  await search.fill(maskToken(displayParts(token.plaintext)));
  await search.press("Enter");
  await expect(page).toHaveURL(/q=tg_live_/);
  await expect(page.getByText("1 token matches.")).toBeVisible();
  await expect(tokenRow(page, name)).toBeVisible();

  await page.getByRole("link", { name: "Clear search and filters" }).click();
  await search.fill(token.plaintext);
  await search.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/settings/developers/tokens/${token.id}$`));
  expect(page.url()).not.toContain("tg_");
  await expect(page.getByRole("heading", { name, level: 2 })).toBeVisible();
});

test("filters and sort live in the URL, so a filtered view can be shared", async ({ page }) => {
  const used = uniqueName("Used");
  const usedToken = await adminToken(used);
  await page.request.get("/api/v1/token", { headers: { authorization: `Bearer ${usedToken.plaintext}` } });
  const unused = uniqueName("Unused");
  await adminToken(unused);
  await page.goto(developersPath());
  await page.getByLabel("Show").selectOption("never_used");
  await expect(page).toHaveURL(/state=never_used/);
  await expect(tokenRow(page, unused)).toBeVisible();
  await expect(tokenRow(page, used)).toHaveCount(0);
  await page.getByLabel("Sort").selectOption("name");
  await expect(page).toHaveURL(/state=never_used&sort=name|sort=name.*state=never_used/);
  // Opened fresh from the address, the view is the same.
  await page.goto(page.url());
  await expect(page.getByLabel("Show")).toHaveValue("never_used");
  await expect(page.getByLabel("Sort")).toHaveValue("name");
  await expect(tokenRow(page, used)).toHaveCount(0);
});

test("a leaked-token report revokes the token and tells the admins", async ({ page }) => {
  const name = uniqueName("Leaky");
  const token = await adminToken(name);
  const report = await page.request.post("/api/v1/revocations", {
    data: { tokens: [token.plaintext], url: "https://paste.example.com/abc" },
  });
  expect(report.status()).toBe(200);
  expect((await page.request.get("/api/v1/token", { headers: { authorization: `Bearer ${token.plaintext}` } })).status()).toBe(401);
  await page.goto(developersPath());
  const banner = page.getByTestId("leak-banner");
  await expect(banner).toContainText(`“${name}” (found at https://paste.example.com/abc)`);
  await expect(tokenRow(page, name)).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Recent activity" })).toContainText(`revoked (reported as leaked) “${name}”`);
});
