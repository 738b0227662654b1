import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import {
  captureAction,
  closeShownSecret,
  createTokenViaUi,
  developersPath,
  isServerAction,
  openTokenMenu,
  storageStateFor,
  tokenRow,
  uniqueName,
  type CapturedAction,
} from "./helpers";

const ADMIN = storageStateFor("admin@acme.test");
const MEMBER = storageStateFor("member@acme.test");
const GLOBEX_ADMIN = storageStateFor("admin@globex.test");
const SEEDED_NAMES = ["CI deploy pipeline", "Legacy dock sync"];

async function adminPage(browser: Browser) {
  const context = await browser.newContext({ storageState: ADMIN });
  const page = await context.newPage();
  await page.goto(developersPath());
  await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toBeVisible();
  return page;
}

/** Lets the admin create a token, then captures their delete request for it and holds it back. */
async function captureDeleteOf(page: Page, name: string): Promise<CapturedAction> {
  await createTokenViaUi(page, { name, scopes: ["devices:read"] });
  await closeShownSecret(page);
  const path = developersPath();
  let resolveHeld: (action: CapturedAction) => void;
  const held = new Promise<CapturedAction>((resolve) => (resolveHeld = resolve));
  await page.route(
    (url) => url.pathname === path,
    async (route) => {
      if (!isServerAction(route.request())) return route.fallback();
      resolveHeld(await captureAction(route.request()));
      await route.abort();
    },
  );
  await openTokenMenu(page, name, "Delete…");
  await page
    .getByRole("alertdialog", { name: `Delete “${name}”?` })
    .getByRole("button", { name: "Delete token" })
    .click();
  const action = await held;
  await page.unrouteAll({ behavior: "ignoreErrors" });
  expect(JSON.parse(action.body)[0]).toBe("acme");
  return action;
}

async function replay(
  api: APIRequestContext,
  action: CapturedAction,
  { origin, url = action.url, body = action.body }: { origin: string; url?: string; body?: string },
) {
  const response = await api.post(url, { headers: { ...action.headers, origin }, data: body, maxRedirects: 0 });
  const text = await response.text();
  expect(/tg_live_[0-9A-Za-z]{33}/.test(text), "a refused replay's response holds a token value").toBe(false);
  return { status: response.status(), text };
}

async function expectTokenListed(page: Page, name: string, count = 1) {
  await page.reload();
  await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toBeVisible();
  await expect(tokenRow(page, name)).toHaveCount(count);
}

test.describe("a member", () => {
  test.use({ storageState: MEMBER });

  test("sees only their own personal tokens, never the workspace's", async ({ page }) => {
    await page.goto("/w/acme/settings");
    const nav = page.getByRole("navigation", { name: "Settings" });
    await expect(nav.getByRole("link", { name: "General" })).toBeVisible();
    // Acme allows members' personal tokens, so the tab is there, with nothing of the workspace's in it.
    await nav.getByRole("link", { name: "Developers" }).click();
    await expect(page.getByRole("heading", { name: "Your personal tokens" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Create token", exact: true })).toHaveCount(0);
    await expect(page.getByTestId("masked-token")).toHaveCount(1);
    const html = await page.content();
    for (const name of SEEDED_NAMES) expect(html.includes(name), `the page mentions “${name}”`).toBe(false);
    expect(html.includes("tg_live_"), "the page holds a workspace token's value or mask").toBe(false);
  });
});

test.describe("a member where personal tokens are off", () => {
  test.use({ storageState: storageStateFor("owner@acme.test") });

  test("sees no Developers tab and no tokens", async ({ page }) => {
    await page.goto("/w/globex/settings");
    const nav = page.getByRole("navigation", { name: "Settings" });
    await expect(nav.getByRole("link", { name: "General" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Developers" })).toHaveCount(0);
    await page.goto(developersPath("globex"));
    await expect(page.getByRole("heading", { name: "Only workspace admins can manage API tokens" })).toBeVisible();
    await expect(page.getByRole("button", { name: /Create/ })).toHaveCount(0);
    await expect(page.getByTestId("masked-token")).toHaveCount(0);
    expect((await page.content()).includes("tg_"), "the page holds a token value or mask").toBe(false);
  });
});

test("forged delete requests from a member, a signed-out visitor, another workspace or another origin change nothing", async ({
  browser,
  playwright,
  baseURL,
}) => {
  const origin = baseURL!;
  const page = await adminPage(browser);
  const name = uniqueName("Forgery target");
  const action = await captureDeleteOf(page, name);
  const [, ref] = JSON.parse(action.body) as [string, { tokenId: string; version: number }];

  const member = await playwright.request.newContext({ baseURL, storageState: MEMBER });
  const asMember = await replay(member, action, { origin });
  expect(asMember.text).toContain("Only workspace admins can manage API tokens");
  await expectTokenListed(page, name);

  const anonymous = await playwright.request.newContext({ baseURL });
  const signedOut = await replay(anonymous, action, { origin });
  expect(signedOut.text).toContain("Your session has ended");
  await expectTokenListed(page, name);

  const globex = await playwright.request.newContext({ baseURL, storageState: GLOBEX_ADMIN });
  const acmeSlug = await replay(globex, action, { origin });
  expect(acmeSlug.text).toContain("You are not a member of this workspace");
  const ownSlug = await replay(globex, action, {
    origin,
    url: new URL(developersPath("globex"), origin).href,
    body: JSON.stringify(["globex", ref]),
  });
  expect(ownSlug.text).toContain("This token no longer exists");
  await expectTokenListed(page, name);

  // The admin's own cookies, sent from another site: Next refuses the origin.
  const admin = await playwright.request.newContext({ baseURL, storageState: ADMIN });
  const crossSite = await replay(admin, action, { origin: "http://evil.example" });
  expect(crossSite.status).toBeGreaterThanOrEqual(400);
  expect(crossSite.text).not.toContain('"ok":true');
  await expectTokenListed(page, name);

  // Control: the same request from the admin, same-origin, does delete — so the refusals above were real.
  const genuine = await replay(admin, action, { origin });
  expect(genuine.status).toBe(200);
  await expectTokenListed(page, name, 0);

  for (const api of [member, anonymous, globex, admin]) await api.dispose();
  await page.context().close();
});

test("a member's forged create request is refused and creates nothing", async ({ browser, playwright, baseURL }) => {
  const page = await adminPage(browser);
  const path = developersPath();
  // The create action is the server action whose body carries the token name.
  const name = uniqueName("Captured create");
  const captured = page.waitForRequest(
    (r) => isServerAction(r) && new URL(r.url()).pathname === path && (r.postData() ?? "").includes(name),
  );
  await createTokenViaUi(page, { name, scopes: ["devices:read"] });
  const action = await captureAction(await captured);
  await closeShownSecret(page);

  const forgedName = uniqueName("Forged by member");
  const body = action.body.split(name).join(forgedName);
  const member = await playwright.request.newContext({ baseURL, storageState: MEMBER });
  const asMember = await replay(member, action, { origin: baseURL!, body });
  expect(asMember.text).toContain("Only workspace admins can manage API tokens");
  const globex = await playwright.request.newContext({ baseURL, storageState: GLOBEX_ADMIN });
  const asGlobex = await replay(globex, action, { origin: baseURL!, body });
  expect(asGlobex.text).toContain("You are not a member of this workspace");
  await expectTokenListed(page, forgedName, 0);
  await expectTokenListed(page, name, 1);

  await member.dispose();
  await globex.dispose();
  await page.context().close();
});

test.describe("another workspace's admin", () => {
  test.use({ storageState: GLOBEX_ADMIN });

  test("gets a 404 for Acme's Developers tab and sees none of its tokens", async ({ page }) => {
    const response = await page.goto(developersPath("acme"));
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toHaveCount(0);
    const html = await page.content();
    for (const name of SEEDED_NAMES) expect(html.includes(name), `the page mentions “${name}”`).toBe(false);
    expect(html.includes("tg_live_"), "the page holds a token value or mask").toBe(false);

    // Their own workspace still works and lists none of Acme's tokens.
    await page.goto(developersPath("globex"));
    await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toBeVisible();
    for (const name of SEEDED_NAMES) await expect(page.getByText(name)).toHaveCount(0);
  });
});
