// The Members tab's rules, attacked over HTTP: who may change whom, the last
// owner, invitations that work once, and deactivation ending sessions.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { callAction, signIn } from "../support/actions";
import { freshWorkspace } from "../support/factories";
import { BASE_URL } from "../support/servers";

afterAll(() => db.$disconnect());

async function setup(label: string) {
  const ws = await freshWorkspace(label);
  const owner = await ws.person("owner");
  const admin = await ws.person("admin");
  const member = await ws.person("member");
  const [ownerCookie, adminCookie, memberCookie] = await Promise.all([owner, admin, member].map((p) => signIn(BASE_URL, p.email)));
  const as = (cookie: string | null, name: Parameters<typeof callAction>[2], input: unknown) =>
    callAction(BASE_URL, cookie, name, [ws.slug, input], { slug: ws.slug });
  return { ws, owner, admin, member, ownerCookie, adminCookie, memberCookie, as };
}

const roleOf = async (workspaceId: string, userId: string) =>
  (await db.membership.findUnique({ where: { userId_workspaceId: { userId, workspaceId } } }))?.role ?? null;

describe("members", () => {
  it("only owners grant or remove admin, members change nothing, and the last owner stays an owner", async () => {
    const { ws, owner, admin, member, ownerCookie, adminCookie, memberCookie, as } = await setup("members-roles");
    expect((await as(memberCookie, "changeRoleAction", { userId: admin.id, role: "member" })).result).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect((await as(adminCookie, "changeRoleAction", { userId: member.id, role: "admin" })).result).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect((await as(adminCookie, "setMemberActiveAction", { userId: owner.id, active: false })).result?.ok).toBe(false);
    expect(await roleOf(ws.id, member.id)).toBe("member");

    const last = await as(ownerCookie, "changeRoleAction", { userId: owner.id, role: "member" });
    expect(last.result?.ok).toBe(false);
    expect(await roleOf(ws.id, owner.id)).toBe("owner");
    // Promoting someone else first makes the old owner demotable, by the new owner.
    expect((await as(ownerCookie, "changeRoleAction", { userId: admin.id, role: "owner" })).result?.ok).toBe(true);
    expect((await as(adminCookie, "changeRoleAction", { userId: owner.id, role: "admin" })).result?.ok).toBe(true);
    expect(await roleOf(ws.id, owner.id)).toBe("admin");
    // Now the former admin is the last owner and cannot be removed.
    expect((await as(ownerCookie, "removeMemberAction", { userId: admin.id })).result?.ok).toBe(false);
    const events = await db.auditEvent.findMany({ where: { workspaceId: ws.id, action: "member.role_changed" } });
    expect(events.map((e) => e.detail).sort()).toEqual(["from admin to owner", "from owner to admin"]);
  });

  it("two owners demoting each other at the same moment leave one owner", async () => {
    const { ws, owner, admin, ownerCookie, adminCookie, as } = await setup("members-race");
    expect((await as(ownerCookie, "changeRoleAction", { userId: admin.id, role: "owner" })).result?.ok).toBe(true);
    const [a, b] = await Promise.all([
      as(ownerCookie, "changeRoleAction", { userId: admin.id, role: "member" }),
      as(adminCookie, "changeRoleAction", { userId: owner.id, role: "member" }),
    ]);
    expect([a.result?.ok, b.result?.ok].filter(Boolean)).toHaveLength(1);
    const owners = await db.membership.count({ where: { workspaceId: ws.id, role: "owner" } });
    expect(owners).toBe(1);
  });

  it("a member reads the list but cannot invite; another workspace's admin cannot touch this one", async () => {
    const { ws, member, memberCookie, as } = await setup("members-read");
    const page = await fetch(`${BASE_URL}/w/${ws.slug}/settings/members`, { headers: { cookie: memberCookie } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(member.email);
    expect(html).not.toContain("Invite person");
    const invite = await as(memberCookie, "inviteMemberAction", { email: "new@example.test", name: "New", role: "member" });
    expect(invite.result).toMatchObject({ ok: false, code: "forbidden" });
    const other = await setup("members-other");
    const foreign = await callAction(BASE_URL, other.ownerCookie, "removeMemberAction", [ws.slug, { userId: member.id }], {
      slug: ws.slug,
    });
    expect(foreign.result).toMatchObject({ ok: false, code: "forbidden" });
    expect(await roleOf(ws.id, member.id)).toBe("member");
  });

  it("invite → set password once → sign in; the link is single-use and the secret is never stored", async () => {
    const { ws, adminCookie, as } = await setup("members-invite");
    const email = `invitee-${Date.now()}@example.test`;
    const refusedAdmin = await as(adminCookie, "inviteMemberAction", { email, name: "Ivy Invitee", role: "admin" });
    expect(refusedAdmin.result?.fieldErrors?.role?.[0]).toMatch(/Only owners/);
    const bad = await as(adminCookie, "inviteMemberAction", { email: "not-an-email", name: "", role: "member" });
    expect(Object.keys(bad.result?.fieldErrors ?? {}).sort()).toEqual(["email", "name"]);

    const invited = await as(adminCookie, "inviteMemberAction", { email, name: "Ivy Invitee", role: "member" });
    expect(invited.result?.ok).toBe(true);
    const secret = String(invited.result?.data?.secret);
    const stored = await db.invitation.findFirstOrThrow({ where: { workspaceId: ws.id } });
    expect(JSON.stringify(stored)).not.toContain(secret);
    // Before the password is set, nothing opens the account.
    await expect(signIn(BASE_URL, email, "")).rejects.toThrow();

    const details = await callAction(BASE_URL, null, "invitationDetailsAction", [secret]);
    expect(details.result).toMatchObject({ ok: true, data: { email, workspace: expect.any(String) } });
    const short = await callAction(BASE_URL, null, "setPasswordAction", [{ secret, password: "short", confirm: "short" }]);
    expect(short.result?.fieldErrors?.password?.[0]).toMatch(/at least 12/);
    const password = "a-long-new-password";
    const set = await callAction(BASE_URL, null, "setPasswordAction", [{ secret, password, confirm: password }]);
    expect(set.result).toMatchObject({ ok: true, data: { email } });
    const again = await callAction(BASE_URL, null, "setPasswordAction", [
      { secret, password: "another-password!", confirm: "another-password!" },
    ]);
    expect(again.result).toMatchObject({ ok: false, code: "not_found" });

    const cookie = await signIn(BASE_URL, email, password);
    const page = await fetch(`${BASE_URL}/w/${ws.slug}/settings/members`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Ivy Invitee");
    expect(await db.auditEvent.count({ where: { workspaceId: ws.id, action: { in: ["member.invited", "member.joined"] } } })).toBe(2);
    // An account in use is never sent a set-password link.
    const existing = await as(adminCookie, "inviteMemberAction", { email, name: "Ivy again", role: "member" });
    expect(existing.result).toMatchObject({ ok: false, code: "conflict" });
    // The person signed in: an earlier link, had there been two, would be dead too (checked in the next test).
  });

  it("an admin cannot re-invite a pending owner or admin (which would demote them and hand the admin their link); an owner can", async () => {
    const { ws, ownerCookie, adminCookie, as } = await setup("members-takeover");
    const email = `pending-owner-${Date.now()}@example.test`;
    const invited = await as(ownerCookie, "inviteMemberAction", { email, name: "Pat Pending", role: "owner" });
    expect(invited.result?.ok).toBe(true);
    const ownersLink = String(invited.result?.data?.secret);

    const takeover = await as(adminCookie, "inviteMemberAction", { email, name: "Pat Pending", role: "member" });
    expect(takeover.result).toMatchObject({ ok: false, code: "forbidden" });
    expect(takeover.result?.fieldErrors?.email?.[0]).toMatch(/only owners/);
    expect(takeover.result?.data).toBeUndefined();
    // Nothing changed: still invited as owner, and the owner's link still works.
    const membership = await db.membership.findFirstOrThrow({ where: { workspaceId: ws.id, user: { email } }, select: { role: true } });
    expect(membership.role).toBe("owner");
    expect((await callAction(BASE_URL, null, "invitationDetailsAction", [ownersLink])).result?.ok).toBe(true);

    // An owner may send a new link (the old one dies).
    const renewed = await as(ownerCookie, "inviteMemberAction", { email, name: "Pat Pending", role: "owner" });
    expect(renewed.result?.ok).toBe(true);
    expect((await callAction(BASE_URL, null, "invitationDetailsAction", [ownersLink])).result?.ok).toBe(false);
  });

  it("a new link for a pending person kills the old one, is audited, and follows the invitation rules", async () => {
    const { ws, owner, member, ownerCookie, adminCookie, memberCookie, as } = await setup("members-renew");
    const invite = async (email: string, role: string) => {
      const invited = await as(ownerCookie, "inviteMemberAction", { email, name: `Renew ${role}`, role });
      const user = await db.user.findUniqueOrThrow({ where: { email } });
      return { id: user.id, secret: String(invited.result?.data?.secret) };
    };
    const live = async (secret: string) => (await callAction(BASE_URL, null, "invitationDetailsAction", [secret])).result?.ok;
    const pendingMember = await invite(`renew-member-${Date.now()}@example.test`, "member");
    const pendingAdmin = await invite(`renew-admin-${Date.now()}@example.test`, "admin");

    // An admin renews a pending member's link: the old one dies, the new one works, an event says so.
    const renewed = await as(adminCookie, "renewInvitationAction", { userId: pendingMember.id });
    expect(renewed.result).toMatchObject({ ok: true, data: { email: expect.stringMatching(/^renew-member-/) } });
    expect(await live(pendingMember.secret)).toBe(false);
    expect(await live(String(renewed.result?.data?.secret))).toBe(true);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { workspaceId: ws.id, action: "member.invited", detail: { contains: "new link" } },
    });
    expect(event.detail).toBe("as member (new link)");

    // Not for an admin's link unless an owner; never for a member, someone signed in, another workspace's person, or a forged call.
    expect((await as(adminCookie, "renewInvitationAction", { userId: pendingAdmin.id })).result).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await live(pendingAdmin.secret)).toBe(true);
    expect((await as(ownerCookie, "renewInvitationAction", { userId: pendingAdmin.id })).result?.ok).toBe(true);
    expect(await live(pendingAdmin.secret)).toBe(false);
    expect((await as(memberCookie, "renewInvitationAction", { userId: pendingMember.id })).result).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect((await as(ownerCookie, "renewInvitationAction", { userId: member.id })).result).toMatchObject({ ok: false, code: "conflict" });
    expect((await as(ownerCookie, "renewInvitationAction", { userId: owner.id })).result).toMatchObject({ ok: false, code: "conflict" });
    const other = await freshWorkspace("members-renew-other");
    const stranger = await other.person("member");
    expect((await as(ownerCookie, "renewInvitationAction", { userId: stranger.id })).result).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect((await as(null, "renewInvitationAction", { userId: pendingMember.id })).result?.ok).not.toBe(true);
  });

  it("an expired link does nothing", async () => {
    const { ws, adminCookie, as } = await setup("members-expired");
    const email = `late-${Date.now()}@example.test`;
    const invited = await as(adminCookie, "inviteMemberAction", { email, name: "Late Larry", role: "member" });
    const secret = String(invited.result?.data?.secret);
    await db.invitation.updateMany({ where: { workspaceId: ws.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const set = await callAction(BASE_URL, null, "setPasswordAction", [
      { secret, password: "a-long-new-password", confirm: "a-long-new-password" },
    ]);
    expect(set.result).toMatchObject({ ok: false, code: "not_found" });
    await expect(signIn(BASE_URL, email, "a-long-new-password")).rejects.toThrow();
  });

  it("deactivation ends the person's sessions at once and closes the workspace to them; reactivation reopens it", async () => {
    const { ws, member, ownerCookie, as } = await setup("members-deactivate");
    const cookie = await signIn(BASE_URL, member.email);
    const open = (c: string) => fetch(`${BASE_URL}/w/${ws.slug}/settings`, { headers: { cookie: c }, redirect: "manual" });
    expect((await open(cookie)).status).toBe(200);
    expect((await as(ownerCookie, "setMemberActiveAction", { userId: member.id, active: false })).result?.ok).toBe(true);
    expect((await open(cookie)).status).not.toBe(200);
    // Signing in again works (the account is fine) but the workspace stays closed.
    const fresh = await signIn(BASE_URL, member.email);
    expect((await open(fresh)).status).toBe(404);
    expect((await as(ownerCookie, "setMemberActiveAction", { userId: member.id, active: true })).result?.ok).toBe(true);
    expect((await open(fresh)).status).toBe(200);
  });

  it("removal ends the person's sessions at once, on every device, and closes the workspace to them", async () => {
    const { ws, member, memberCookie, ownerCookie, as } = await setup("members-remove");
    const phone = await signIn(BASE_URL, member.email);
    const open = (c: string) => fetch(`${BASE_URL}/w/${ws.slug}/settings`, { headers: { cookie: c }, redirect: "manual" });
    for (const cookie of [memberCookie, phone]) expect((await open(cookie)).status).toBe(200);
    expect(await db.session.count({ where: { userId: member.id } })).toBe(2);

    expect((await as(ownerCookie, "removeMemberAction", { userId: member.id })).result?.ok).toBe(true);
    expect(await roleOf(ws.id, member.id)).toBeNull();
    expect(await db.session.count({ where: { userId: member.id } })).toBe(0);
    for (const cookie of [memberCookie, phone]) {
      const page = await open(cookie);
      expect(page.status).toBe(307);
      expect(page.headers.get("location")).toContain("/login");
    }
    // A copied cookie cannot act either; the remover's own session is untouched.
    const replayed = await as(memberCookie, "inviteMemberAction", { email: `after-${Date.now()}@example.test`, name: "X", role: "member" });
    expect(replayed.result).toMatchObject({ ok: false, code: "unauthenticated" });
    expect((await open(ownerCookie)).status).toBe(200);
    // Signing in again works (the account is fine) but the workspace is no longer theirs.
    const fresh = await signIn(BASE_URL, member.email);
    expect((await open(fresh)).status).toBe(404);
    expect(await db.auditEvent.count({ where: { workspaceId: ws.id, action: "member.removed" } })).toBe(1);
  });

  it("a person who belongs to another workspace too keeps their sessions there when one workspace deactivates or removes them", async () => {
    const { ws, member, ownerCookie, as } = await setup("members-shared");
    const other = await freshWorkspace("members-other");
    await db.membership.create({ data: { userId: member.id, workspaceId: other.id, role: "member" } });
    const cookie = await signIn(BASE_URL, member.email);
    const open = (slug: string) => fetch(`${BASE_URL}/w/${slug}/settings`, { headers: { cookie }, redirect: "manual" });
    expect((await open(ws.slug)).status).toBe(200);
    expect((await open(other.slug)).status).toBe(200);
    const sessions = await db.session.count({ where: { userId: member.id } });

    expect((await as(ownerCookie, "setMemberActiveAction", { userId: member.id, active: false })).result?.ok).toBe(true);
    expect((await open(ws.slug)).status).toBe(404);
    expect((await open(other.slug)).status).toBe(200);
    expect((await as(ownerCookie, "removeMemberAction", { userId: member.id })).result?.ok).toBe(true);
    expect((await open(ws.slug)).status).toBe(404);
    expect((await open(other.slug)).status).toBe(200);
    expect(await db.session.count({ where: { userId: member.id } })).toBe(sessions);

    // Once no workspace grants access any more, removal ends every session, as before.
    const otherOwner = await other.person("owner");
    const asOther = await signIn(BASE_URL, otherOwner.email);
    const removed = await callAction(BASE_URL, asOther, "removeMemberAction", [other.slug, { userId: member.id }], { slug: other.slug });
    expect(removed.result?.ok).toBe(true);
    expect(await db.session.count({ where: { userId: member.id } })).toBe(0);
  });

  it("an invitation's link expires seven days after it is created, and not before", async () => {
    const { ws, adminCookie, as } = await setup("members-week");
    const email = `week-${Date.now()}@example.test`;
    const sent = Date.now();
    const invited = await as(adminCookie, "inviteMemberAction", { email, name: "Wendy Week", role: "member" });
    const returned = Date.now();
    expect(invited.result?.ok).toBe(true);
    const secret = String(invited.result?.data?.secret);
    const stored = await db.invitation.findFirstOrThrow({ where: { workspaceId: ws.id } });
    const week = 7 * 24 * 60 * 60_000;
    const minute = 60_000;
    expect(Math.abs(stored.expiresAt.getTime() - stored.createdAt.getTime() - week)).toBeLessThanOrEqual(minute);
    expect(stored.expiresAt.getTime()).toBeGreaterThanOrEqual(sent + week - minute);
    expect(stored.expiresAt.getTime()).toBeLessThanOrEqual(returned + week + minute);
    // The admin is told the same moment the link stops working.
    expect(invited.result?.data?.expiresAt).toBe(stored.expiresAt.toISOString());

    // Live until the clock passes the stored expiry, dead from then on.
    await db.invitation.update({ where: { id: stored.id }, data: { expiresAt: new Date(Date.now() + 1_500) } });
    expect((await callAction(BASE_URL, null, "invitationDetailsAction", [secret])).result).toMatchObject({ ok: true, data: { email } });
    await new Promise((r) => setTimeout(r, 1_800));
    expect((await callAction(BASE_URL, null, "invitationDetailsAction", [secret])).result).toMatchObject({ ok: false, code: "not_found" });
    const set = await callAction(BASE_URL, null, "setPasswordAction", [
      { secret, password: "a-long-new-password", confirm: "a-long-new-password" },
    ]);
    expect(set.result).toMatchObject({ ok: false, code: "not_found" });
    await expect(signIn(BASE_URL, email, "a-long-new-password")).rejects.toThrow();
  });
});
