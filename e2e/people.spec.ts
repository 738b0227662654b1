import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { db } from "../lib/db/client";
import { createToken } from "../lib/tokens/service";
import { actionId, DEMO_PASSWORD } from "../scripts/lib/app-client";
import { closeShownSecret, developersPath, readShownSecret, storageStateFor, tokenRow, uniqueName } from "./helpers";

/** A new person in a workspace, straight into the database (what the Members tab shows is under test, not this). */
async function person(slug: string, role: "owner" | "admin" | "member") {
  const suffix = randomBytes(3).toString("hex");
  const workspace = await db.workspace.findUniqueOrThrow({ where: { slug }, select: { id: true } });
  const user = await db.user.create({
    data: { email: `pat-${suffix}@${slug}.test`, name: `Pat ${suffix}`, passwordHash: await hashPassword(DEMO_PASSWORD) },
  });
  await db.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role } });
  return { ...user, workspaceId: workspace.id };
}

/** A personal token of `owner` (or, with `workspace`, a workspace token they create), made by the same service the dialog uses. */
async function personalToken(
  owner: { id: string; email: string; workspaceId: string },
  scopes: ("devices:read" | "devices:write")[],
  workspace = false,
) {
  const issued = await createToken(
    { user: { id: owner.id, email: owner.email }, workspace: { id: owner.workspaceId }, ip: null, userAgent: "e2e" },
    {
      name: uniqueName("Pat's script"),
      description: "",
      expiresAt: null,
      scopes,
      allResources: true,
      deviceIds: [],
      groupIds: [],
      siteIds: [],
      ownerId: workspace ? null : owner.id,
    },
  );
  if (!issued.ok) throw new Error(issued.error);
  return issued.data;
}

/** A server action posted from the page's own session, as a forger with that cookie would. */
async function forge(page: Page, slug: string, name: Parameters<typeof actionId>[0], input: unknown) {
  const response = await page.request.post(developersPath(slug), {
    headers: {
      "next-action": actionId(name),
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: new URL(page.url()).origin,
    },
    data: JSON.stringify([slug, input]),
    maxRedirects: 0,
  });
  return response.text();
}

const personalInput = (scopes: string[]) => ({
  name: uniqueName("forged"),
  description: "",
  expiry: "30d",
  scopes,
  access: "all",
  deviceIds: [],
  groupIds: [],
  siteIds: [],
  ipAllowlist: "",
  environment: "live",
  rateLimitPerMinute: "",
});

test.describe("a member of Acme (personal tokens on)", () => {
  test.use({ storageState: storageStateFor("member@acme.test") });

  test("creates a read-only personal token; write scopes are disabled with the reason, and a forged write scope is refused", async ({
    page,
  }) => {
    await page.goto(developersPath());
    await page.getByRole("button", { name: "Create personal token" }).click();
    const dialog = page.getByRole("dialog", { name: "Create personal API token" });
    const write = dialog.getByRole("checkbox", { name: /^devices:write / });
    await expect(write).toBeDisabled();
    await expect(write).toHaveAccessibleDescription(/Not for your role \(member\): members can only read/);
    await expect(dialog.getByRole("checkbox", { name: /^audit:read / })).toBeDisabled();
    await expect(dialog.getByRole("radio", { name: "Only selected resources" })).toBeHidden();
    const name = uniqueName("My scripts");
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    await dialog.getByRole("checkbox", { name: /^devices:read / }).check();
    await dialog.getByRole("button", { name: "Create token" }).click();
    const value = await readShownSecret(page);
    expect(value.startsWith("tg_user_"), "a personal token starts with tg_user_").toBe(true);
    await closeShownSecret(page);
    await expect(page.getByRole("list", { name: "Your personal tokens" }).getByRole("heading", { name })).toBeVisible();

    const me = await page.request.get("/api/v1/user/me", { headers: { authorization: `Bearer ${value}` } });
    expect(me.status()).toBe(200);
    expect(((await me.json()) as { data: { role: string; user: { email: string } } }).data).toMatchObject({
      role: "member",
      user: { email: "member@acme.test" },
    });

    const forged = await forge(page, "acme", "createPersonalTokenAction", personalInput(["devices:write"]));
    expect(forged).toContain("members can only read");
    expect(/tg_user_[0-9A-Za-z]{33}/.test(forged), "a refused create returned a token").toBe(false);
    // A workspace token is refused on /user/*.
    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
    const acme = await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } });
    const shared = await createToken(
      { user: admin, workspace: acme, ip: null, userAgent: "e2e" },
      {
        name: uniqueName("Shared"),
        description: "",
        expiresAt: null,
        scopes: ["devices:read"],
        allResources: true,
        deviceIds: [],
        groupIds: [],
        siteIds: [],
      },
    );
    if (!shared.ok) throw new Error(shared.error);
    const refused = await page.request.get("/api/v1/user/me", { headers: { authorization: `Bearer ${shared.data.plaintext}` } });
    expect(refused.status()).toBe(403);
  });
});

test.describe("a member of Globex (personal tokens off)", () => {
  test.use({ storageState: storageStateFor("owner@acme.test") });

  test("sees no personal-token UI, and a forged create is refused", async ({ page }) => {
    await page.goto(developersPath("globex"));
    await expect(page.getByRole("heading", { name: "Only workspace admins can manage API tokens" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Create personal token" })).toHaveCount(0);
    const before = await db.apiToken.count();
    const forged = await forge(page, "globex", "createPersonalTokenAction", personalInput(["devices:read"]));
    expect(forged).toContain("not switched on");
    expect(await db.apiToken.count()).toBe(before);
  });
});

test.describe("an owner managing people", () => {
  test.use({ storageState: storageStateFor("owner@acme.test") });

  test("a role changes only on Apply: arrow keys never save, and granting admin first says what they will be able to do", async ({
    page,
  }) => {
    const someone = await person("acme", "member");
    const role = async () =>
      (await db.membership.findFirstOrThrow({ where: { userId: someone.id, workspace: { slug: "acme" } }, select: { role: true } })).role;
    await page.goto("/w/acme/settings/members");
    const row = page.getByRole("list", { name: "Members", exact: true }).getByRole("listitem").filter({ hasText: someone.email });
    const picker = row.getByLabel(`Role of ${someone.name}`);
    // Browsing with the keyboard, as a screen-reader user would: nothing is saved.
    await picker.focus();
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await expect(row.getByRole("button", { name: /^Apply role / })).toBeVisible();
    expect(await role()).toBe("member");
    // Cancel puts the picker back.
    await row.getByRole("button", { name: `Cancel role change for ${someone.name}` }).click();
    await expect(picker).toHaveValue("member");
    await expect(row.getByRole("button", { name: /^Apply role / })).toHaveCount(0);

    await picker.selectOption("admin");
    await row.getByRole("button", { name: `Apply role admin for ${someone.name}` }).click();
    const ask = page.getByRole("alertdialog", { name: `Make ${someone.name} an admin?` });
    await expect(ask).toContainText("create, regenerate and delete the workspace's API tokens");
    await ask.getByRole("button", { name: "Cancel" }).click();
    await expect(ask).toHaveCount(0);
    expect(await role()).toBe("member");
    await row.getByRole("button", { name: `Apply role admin for ${someone.name}` }).click();
    await ask.getByRole("button", { name: "Make admin" }).click();
    await expect(page.getByText(`${someone.name} is now an admin.`)).toBeVisible();
    expect(await role()).toBe("admin");
  });

  test("demoting, deactivating and removing the owner each stop their personal token on the very next request", async ({ page }) => {
    const pat = await person("acme", "admin");
    const token = await personalToken(pat, ["devices:read", "devices:write"]);
    const rename = () =>
      page.request.patch("/api/v1/devices/NO-SUCH-SERIAL", {
        headers: { authorization: `Bearer ${token.plaintext}`, "content-type": "application/json" },
        data: { name: "x" },
      });
    const read = () => page.request.get("/api/v1/token", { headers: { authorization: `Bearer ${token.plaintext}` } });
    expect((await rename()).status()).toBe(404);

    await page.goto("/w/acme/settings/members");
    const members = page.getByRole("list", { name: "Members", exact: true });
    const row = members.getByRole("listitem").filter({ hasText: pat.email });
    await row.getByLabel(`Role of ${pat.name}`).selectOption("member");
    // Picking is not applying: a demotion needs Apply (no question asked: it takes rights away).
    await row.getByRole("button", { name: `Apply role member for ${pat.name}` }).click();
    await expect(page.getByText(`${pat.name} is now a member.`)).toBeVisible();
    const demoted = await rename();
    expect(demoted.status()).toBe(403);
    expect(((await demoted.json()) as { error: { message: string } }).error.message).toContain("devices:write");
    expect((await read()).status()).toBe(200);

    await row.getByRole("button", { name: `Manage ${pat.name}` }).click();
    await page.getByRole("menuitem", { name: "Deactivate…" }).click();
    await page
      .getByRole("alertdialog", { name: `Deactivate ${pat.name}?` })
      .getByRole("button", { name: "Deactivate" })
      .click();
    await expect(row.getByText("Deactivated")).toBeVisible();
    expect((await read()).status()).toBe(401);

    await row.getByRole("button", { name: `Manage ${pat.name}` }).click();
    await page.getByRole("menuitem", { name: "Reactivate" }).click();
    await expect(row.getByText("Active", { exact: true })).toBeVisible();
    expect((await read()).status()).toBe(200);

    await row.getByRole("button", { name: `Manage ${pat.name}` }).click();
    await page.getByRole("menuitem", { name: "Remove from workspace…" }).click();
    await page
      .getByRole("alertdialog", { name: `Remove ${pat.name} from this workspace?` })
      .getByRole("button", { name: "Remove" })
      .click();
    // While the dialog is open the list is hidden from the accessibility tree, so an empty
    // list proves nothing: wait for the outcome first.
    await expect(page.getByText(`${pat.name} was removed from this workspace.`)).toBeVisible();
    await expect(page.getByRole("alertdialog")).toHaveCount(0);
    await expect(members.getByRole("listitem").filter({ hasText: pat.email })).toHaveCount(0);
    expect((await read()).status()).toBe(401);

    // The admins' view marks the token; the change is in the activity.
    await page.goto(developersPath());
    const others = page.getByRole("list", { name: "Members' personal tokens" });
    await expect(others.getByRole("listitem").filter({ hasText: token.name })).toContainText("Owner removed");
    await page.goto("/w/acme/settings/members");
    await expect(page.getByRole("list", { name: "Recent changes to members" })).toContainText(`removed “${pat.name}”`);
  });

  test("a deactivated admin's workspace tokens keep working and their row says who made them, marked deactivated", async ({ page }) => {
    const maker = await person("acme", "admin");
    const token = await personalToken(maker, ["devices:read"], true);
    expect(token.plaintext).toMatch(/^tg_live_/);
    const read = () => page.request.get("/api/v1/token", { headers: { authorization: `Bearer ${token.plaintext}` } });

    await page.goto("/w/acme/settings/members");
    const row = page.getByRole("list", { name: "Members", exact: true }).getByRole("listitem").filter({ hasText: maker.email });
    await row.getByRole("button", { name: `Manage ${maker.name}` }).click();
    await page.getByRole("menuitem", { name: "Deactivate…" }).click();
    await page
      .getByRole("alertdialog", { name: `Deactivate ${maker.name}?` })
      .getByRole("button", { name: "Deactivate" })
      .click();
    await expect(page.getByText(`${maker.name} was deactivated.`)).toBeVisible();
    expect((await read()).status()).toBe(200);

    await page.goto(`${developersPath()}?q=${encodeURIComponent(token.name)}`);
    const tokenItem = tokenRow(page, token.name);
    await expect(tokenItem.getByRole("definition").filter({ hasText: maker.name })).toContainText("Deactivated");
  });

  test("cannot demote themselves, the last owner; the forged request is refused", async ({ page }) => {
    await page.goto("/w/acme/settings/members");
    const me = page.getByRole("list", { name: "Members", exact: true }).getByRole("listitem").filter({ hasText: "owner@acme.test" });
    await expect(me).toContainText("(you)");
    await expect(me.getByRole("combobox")).toHaveCount(0);
    await expect(me.getByRole("button", { name: /^Manage / })).toHaveCount(0);
    const olivia = await db.user.findUniqueOrThrow({ where: { email: "owner@acme.test" } });
    const response = await page.request.post("/w/acme/settings/members", {
      headers: {
        "next-action": actionId("changeRoleAction"),
        "content-type": "text/plain;charset=UTF-8",
        accept: "text/x-component",
        origin: new URL(page.url()).origin,
      },
      data: JSON.stringify(["acme", { userId: olivia.id, role: "member" }]),
    });
    expect(await response.text()).toContain("You cannot change your own membership");
    const membership = await db.membership.findFirstOrThrow({ where: { userId: olivia.id, workspace: { slug: "acme" } } });
    expect(membership.role).toBe("owner");
  });

  test("a lost invitation link is replaced from the Manage menu: audited, and the old link stops working", async ({
    page,
    browser,
    context,
    baseURL,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
    await page.goto("/w/acme/settings/members");
    await page.getByRole("button", { name: "Invite person" }).click();
    const dialog = page.getByRole("dialog", { name: "Invite a person" });
    const email = `relink-${randomBytes(3).toString("hex")}@acme.test`;
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByLabel("Name").fill("Rita Relink");
    await dialog.getByRole("button", { name: "Create invitation link" }).click();
    const first = await page.getByTestId("invite-link").textContent();
    // Copied: Done closes in one step.
    await page.getByRole("button", { name: "Copy link" }).click();
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);

    await page.getByRole("button", { name: "Manage Rita Relink" }).click();
    await page.getByRole("menuitem", { name: "New link…" }).click();
    const renew = page.getByRole("dialog", { name: "New link for Rita Relink?" });
    await expect(renew).toContainText("The link they have now stops working");
    await renew.getByRole("button", { name: "Make a new link" }).click();
    const second = await page.getByTestId("invite-link").textContent();
    expect(second).toMatch(/\/invite#[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    await page.getByRole("button", { name: "Copy link" }).click();
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(await db.auditEvent.count({ where: { action: "member.invited", tokenId: user.id, detail: { contains: "new link" } } })).toBe(1);

    const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const invitee = await stranger.newPage();
    await invitee.goto(first!);
    await expect(invitee.getByRole("heading", { name: "This link does not work" })).toBeVisible();
    // A fresh page: only the fragment differs, which a browser would not load as a new document.
    const fresh = await stranger.newPage();
    await fresh.goto(second!);
    await expect(fresh.getByRole("heading", { name: /Welcome to Acme Robotics/ })).toBeVisible();
    await stranger.close();
  });

  test("invite → set password → sign in", async ({ page, browser }) => {
    await page.goto("/w/acme/settings/members");
    await page.getByRole("button", { name: "Invite person" }).click();
    const dialog = page.getByRole("dialog", { name: "Invite a person" });
    const email = `new-${randomBytes(3).toString("hex")}@acme.test`;
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByLabel("Name").fill("Nina New");
    await dialog.getByRole("button", { name: "Create invitation link" }).click();
    const link = await page.getByTestId("invite-link").textContent();
    expect(link).toMatch(/\/invite#[A-Za-z0-9_-]{43}$/);
    // Not copied yet: Escape and Done ask first, like a token's value; "Keep it open" keeps the link on screen.
    await page.keyboard.press("Escape");
    const question = page.getByRole("alertdialog", { name: "Close without copying the link?" });
    await question.getByRole("button", { name: "Keep it open" }).click();
    await expect(page.getByTestId("invite-link")).toHaveText(link!);
    await page.getByRole("button", { name: "Done" }).click();
    await question.getByRole("button", { name: "Close anyway" }).click();
    await expect(page.getByTestId("invite-link")).toHaveCount(0);
    await expect(page.getByRole("list", { name: "Members", exact: true }).getByRole("listitem").filter({ hasText: email })).toContainText(
      "Invited",
    );

    // A stranger's browser: none of the owner's cookies.
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const invitee = await context.newPage();
    await invitee.goto(link!);
    await expect(invitee.getByRole("heading", { name: /Welcome to Acme Robotics/ })).toBeVisible();
    // The secret left the address bar at once.
    expect(invitee.url()).not.toContain("#");
    await invitee.getByLabel("New password").fill("short");
    await invitee.getByRole("button", { name: "Set password" }).click();
    await expect(invitee.getByText("Use at least 12 characters")).toBeVisible();
    await invitee.getByLabel("New password").fill("nina-new-password");
    await invitee.getByLabel("Repeat the password").fill("nina-new-password");
    await invitee.getByRole("button", { name: "Set password" }).click();
    await expect(invitee.getByRole("heading", { name: "Your password is set" })).toBeVisible();
    await invitee.getByRole("link", { name: "Sign in" }).click();
    await invitee.getByLabel("Email").fill(email);
    await invitee.getByLabel("Password").fill("nina-new-password");
    await invitee.getByRole("button", { name: "Sign in" }).click();
    await expect(invitee).toHaveURL(/\/w\/acme\/settings$/);
    // The link worked once.
    await invitee.goto(link!);
    await expect(invitee.getByRole("heading", { name: "This link does not work" })).toBeVisible();
    await context.close();
  });
});

test.describe("a Globex admin", () => {
  test.use({ storageState: storageStateFor("admin@globex.test") });
  test.afterEach(async () => {
    await db.workspace.update({ where: { slug: "globex" }, data: { personalTokensEnabled: false } });
  });

  test("switching members' personal tokens off stops them on the next request; an admin deletes a member's token", async ({ page }) => {
    await db.workspace.update({ where: { slug: "globex" }, data: { personalTokensEnabled: true } });
    const pat = await person("globex", "member");
    const token = await personalToken(pat, ["devices:read"]);
    const read = () => page.request.get("/api/v1/token", { headers: { authorization: `Bearer ${token.plaintext}` } });
    expect((await read()).status()).toBe(200);

    await page.goto(developersPath("globex"));
    const setting = page.getByRole("checkbox", { name: "Allow members to create personal API tokens" });
    await expect(setting).toBeChecked();
    await setting.click();
    await expect(page.getByText("Members' personal tokens are switched off and refused.")).toBeVisible();
    expect((await read()).status()).toBe(401);
    const others = page.getByRole("list", { name: "Members' personal tokens" });
    await expect(others.getByRole("listitem").filter({ hasText: token.name })).toContainText("Personal tokens off");

    await others.getByRole("button", { name: `Manage ${token.name}` }).click();
    await page.getByRole("menuitem", { name: "Delete…" }).click();
    await page
      .getByRole("alertdialog", { name: `Delete “${token.name}”?` })
      .getByRole("button", { name: "Delete token" })
      .click();
    await expect(page.getByText(`Deleted “${token.name}”. It can no longer be used.`)).toBeVisible();
    await expect(others.getByRole("listitem").filter({ hasText: token.name })).toHaveCount(0);
    expect(await db.apiToken.count({ where: { id: token.id } })).toBe(0);
  });
});
