import { hashPassword } from "../lib/auth/password";
import type { Db, Tx } from "../lib/db/client";
import { displayParts, generateToken, hashToken } from "../lib/tokens/format";
import { serializeScopes, type Scope } from "../lib/scopes";
import { copyLiveToSandbox } from "../lib/workspaces/sandbox";

export const DEMO_PASSWORD = "tollgate-demo";

export const DEMO_LOGINS = [
  {
    email: "owner@acme.test",
    workspace: "Acme Robotics",
    role: "owner: everything, incl. roles of admins and the lifetime policy; member in Globex",
  },
  {
    email: "admin@acme.test",
    workspace: "Acme Robotics",
    role: "admin: workspace tokens, members (not admins), the personal-token setting",
  },
  {
    email: "member@acme.test",
    workspace: "Acme Robotics",
    role: "member: own read-only personal tokens (setting on), members list read-only",
  },
  { email: "former-admin@acme.test", workspace: "Acme Robotics", role: "admin (deactivated): cannot sign in" },
  { email: "admin@globex.test", workspace: "Globex", role: "admin: personal tokens off for members" },
] as const;

const DAY = 24 * 60 * 60 * 1000;

interface WorkspaceSpec {
  slug: string;
  name: string;
  serialPrefix: string;
  devices: number;
  sites: string[];
  groups: string[];
  kinds: string[];
}

const ACME: WorkspaceSpec = {
  slug: "acme",
  name: "Acme Robotics",
  serialPrefix: "ACM",
  devices: 64,
  sites: ["Berlin Plant", "Lyon Warehouse", "Austin Lab", "Osaka Depot"],
  groups: ["Picker arms", "AGV fleet", "Inspection drones", "Charging docks", "Firmware canary", "Night shift"],
  kinds: ["Picker arm", "AGV", "Inspection drone", "Charging dock"],
};

const GLOBEX: WorkspaceSpec = {
  slug: "globex",
  name: "Globex",
  serialPrefix: "GLX",
  devices: 24,
  sites: ["Cypress Creek HQ", "Springfield Annex"],
  groups: ["Monorail sensors", "Reactor monitors", "Lobby kiosks"],
  kinds: ["Sensor", "Monitor", "Kiosk"],
};

async function createCatalogue(db: Tx, workspaceId: string, spec: WorkspaceSpec) {
  const sites: { id: string }[] = [];
  for (const name of spec.sites) sites.push(await db.site.create({ data: { workspaceId, name } }));
  const groups: { id: string }[] = [];
  for (const name of spec.groups) groups.push(await db.deviceGroup.create({ data: { workspaceId, name } }));
  const devices = [];
  for (let i = 1; i <= spec.devices; i++) {
    const serial = `${spec.serialPrefix}-${String(1000 + i)}`;
    const kind = spec.kinds[i % spec.kinds.length];
    devices.push({
      id: `${spec.slug}-dev-${i}`,
      workspaceId,
      serial,
      name: `${kind} ${String(i).padStart(2, "0")}`,
      siteId: sites[i % sites.length].id,
    });
  }
  await db.device.createMany({ data: devices });
  const links = devices.flatMap((d, i) => {
    const mine = [groups[i % groups.length].id];
    if (i % 5 === 0) mine.push(groups[(i + 3) % groups.length].id);
    return [...new Set(mine)].map((groupId) => ({ deviceId: d.id, groupId }));
  });
  await db.deviceGroupMember.createMany({ data: links });
  return { sites, groups, devices };
}

async function seedToken(
  db: Tx,
  args: {
    workspaceId: string;
    name: string;
    description: string;
    scopes: Scope[];
    createdBy: { id: string; email: string };
    expiresAt: Date | null;
    groupIds?: string[];
    siteIds?: string[];
    /** A personal token of this user (tg_user_). */
    ownerId?: string;
  },
) {
  const plaintext = generateToken("live", args.ownerId ? "personal" : "workspace");
  const token = await db.apiToken.create({
    data: {
      workspaceId: args.workspaceId,
      name: args.name,
      description: args.description,
      hash: hashToken(plaintext),
      ...displayParts(plaintext),
      scopes: serializeScopes(args.scopes),
      allResources: !args.groupIds && !args.siteIds,
      expiresAt: args.expiresAt,
      createdById: args.createdBy.id,
      ownerId: args.ownerId ?? null,
      createdAt: new Date(Date.now() - 40 * DAY),
      groups: { create: (args.groupIds ?? []).map((groupId) => ({ groupId })) },
      sites: { create: (args.siteIds ?? []).map((siteId) => ({ siteId })) },
    },
  });
  await db.auditEvent.create({
    data: {
      workspaceId: args.workspaceId,
      actorId: args.createdBy.id,
      actorEmail: args.createdBy.email,
      action: "token.created",
      tokenId: token.id,
      tokenName: token.name,
      createdAt: token.createdAt,
    },
  });
}

/** The demo workspaces, in one transaction: a crash half-way leaves nothing, and the next start seeds again. */
export async function seed(client: Db): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return client.$transaction((tx) => seedDemo(tx, passwordHash), { timeout: 120_000, maxWait: 30_000 });
}

/** The slugs and email domain of the demo data (`npm run tollgate -- demo remove` deletes them). */
export const DEMO_WORKSPACES = ["acme", "globex"] as const;
export const DEMO_EMAIL_DOMAINS = ["acme.test", "globex.test"] as const;

async function seedDemo(db: Tx, passwordHash: string): Promise<boolean> {
  // Checked again inside the transaction: two starts racing on an empty database seed once.
  if ((await db.workspace.count()) > 0) return false;
  const user = (email: string, name: string, active = true) => db.user.create({ data: { email, name, passwordHash, active } });

  const owner = await user("owner@acme.test", "Olivia Owner");
  const admin = await user("admin@acme.test", "Ada Admin");
  const member = await user("member@acme.test", "Max Member");
  const former = await user("former-admin@acme.test", "Fred Former", false);
  const globexAdmin = await user("admin@globex.test", "Gina Globex");

  // Acme lets members hold personal tokens; Globex keeps the default (off).
  const acme = await db.workspace.create({ data: { slug: ACME.slug, name: ACME.name, personalTokensEnabled: true } });
  const globex = await db.workspace.create({ data: { slug: GLOBEX.slug, name: GLOBEX.name } });
  await db.membership.createMany({
    data: [
      { userId: owner.id, workspaceId: acme.id, role: "owner" },
      { userId: admin.id, workspaceId: acme.id, role: "admin" },
      { userId: member.id, workspaceId: acme.id, role: "member" },
      { userId: former.id, workspaceId: acme.id, role: "admin" },
      { userId: globexAdmin.id, workspaceId: globex.id, role: "admin" },
      // Lets the demo show the workspace switcher.
      { userId: owner.id, workspaceId: globex.id, role: "member" },
    ],
  });

  const acmeCatalogue = await createCatalogue(db, acme.id, ACME);
  await createCatalogue(db, globex.id, GLOBEX);
  // The test environment starts as a copy of the live one.
  await copyLiveToSandbox(db, acme.id);
  await copyLiveToSandbox(db, globex.id);

  await seedToken(db, {
    workspaceId: acme.id,
    name: "CI deploy pipeline",
    description: "Reads the fleet before each firmware rollout.",
    scopes: ["devices:read", "groups:read", "sites:read"],
    createdBy: admin,
    expiresAt: new Date(Date.now() + 50 * DAY),
  });
  await seedToken(db, {
    workspaceId: acme.id,
    name: "Legacy dock sync",
    description: "Set up by Fred before he left; still syncs the charging docks.",
    scopes: ["devices:read", "devices:write"],
    createdBy: former,
    expiresAt: new Date(Date.now() + 5 * DAY),
    groupIds: [acmeCatalogue.groups[3].id],
    siteIds: [acmeCatalogue.sites[1].id],
  });
  await seedToken(db, {
    workspaceId: acme.id,
    name: "Max's laptop scripts",
    description: "Read-only: a member's personal token.",
    scopes: ["devices:read", "sites:read"],
    createdBy: member,
    ownerId: member.id,
    expiresAt: new Date(Date.now() + 80 * DAY),
  });
  return true;
}

export async function isEmpty(db: Db): Promise<boolean> {
  return (await db.workspace.count()) === 0;
}
