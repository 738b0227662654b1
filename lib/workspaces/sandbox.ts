import { randomUUID } from "node:crypto";
import { type Actor, recordEvent } from "../audit";
import { inSlices } from "../db/chunks";
import type { Db, Tx } from "../db/client";

export interface SandboxCounts {
  sites: number;
  groups: number;
  devices: number;
}

/**
 * Makes the test environment a copy of the live one again: every live site,
 * group and device gets (or gets back) a sandbox twin with the same name,
 * serial, site and groups; sandbox rows whose live original is gone are
 * removed. Twins keep their ids, so test tokens chosen for particular
 * resources keep reaching them. One transaction: a reader sees the old
 * sandbox or the new one, never half of each.
 */
export async function resetSandbox(
  client: Db,
  workspaceId: string,
  /** Who asked (an admin in the tab): the reset is an audit event in the same transaction. */
  by?: Actor & { workspace: { name: string } },
): Promise<SandboxCounts> {
  return client.$transaction(
    async (tx) => {
      const counts = await copyLiveToSandbox(tx, workspaceId);
      if (by) {
        const detail = `(${counts.devices} devices, ${counts.groups} groups, ${counts.sites} sites)`;
        await recordEvent(tx, by, "workspace.sandbox_reset", { id: workspaceId, name: by.workspace.name }, detail);
      }
      return counts;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

/**
 * The most live rows (sites, groups, devices and group memberships together)
 * one reset copies. The copy is one transaction, and on SQLite every other
 * write in the database waits for it: this bounds that wait (about 2 s at
 * the limit through the admin's action on the 2-core reference machine, as
 * tests/api/environments.test.ts prints). A larger fleet is refused with a
 * clear message, and nothing changes.
 */
export const SANDBOX_RESET_LIMIT = 20_000;

export class SandboxTooLarge extends Error {
  constructor(
    readonly rows: number,
    readonly limit: number,
  ) {
    super(
      `The live fleet has ${rows.toLocaleString("en-US")} sites, groups, devices and group memberships; a sandbox reset copies at most ${limit.toLocaleString("en-US")}, so the sandbox was left as it was.`,
    );
  }
}

/** The copy itself, inside the caller's transaction (the demo seed uses it). Every list is sent in slices (lib/db/chunks.ts). */
export async function copyLiveToSandbox(tx: Tx, workspaceId: string, limit = SANDBOX_RESET_LIMIT): Promise<SandboxCounts> {
  const live = { workspaceId, environment: "live" };
  const test = { workspaceId, environment: "test" };
  const [liveSites, liveGroups, liveDevices] = await Promise.all([
    tx.site.findMany({ where: live, select: { id: true, name: true } }),
    tx.deviceGroup.findMany({ where: live, select: { id: true, name: true } }),
    tx.device.findMany({
      where: live,
      select: { id: true, serial: true, name: true, siteId: true, groups: { select: { groupId: true } } },
    }),
  ]);
  const memberships = liveDevices.reduce((n, d) => n + d.groups.length, 0);
  const rows = liveSites.length + liveGroups.length + liveDevices.length + memberships;
  if (rows > limit) throw new SandboxTooLarge(rows, limit);
  const [testSites, testGroups, sandboxDevices] = await Promise.all([
    tx.site.findMany({ where: test, select: { id: true, sourceId: true, name: true } }),
    tx.deviceGroup.findMany({ where: test, select: { id: true, sourceId: true, name: true } }),
    tx.device.findMany({ where: test, select: { id: true, sourceId: true, serial: true, name: true, siteId: true } }),
  ]);

  const sites = twins(liveSites, testSites);
  for (const { id, name } of sites.renamed) await tx.site.update({ where: { id }, data: { name } });
  for (const slice of inSlices(sites.created, 7)) await tx.site.createMany({ data: slice.map((row) => ({ ...test, ...row })) });
  const groups = twins(liveGroups, testGroups);
  for (const { id, name } of groups.renamed) await tx.deviceGroup.update({ where: { id }, data: { name } });
  for (const slice of inSlices(groups.created, 7)) await tx.deviceGroup.createMany({ data: slice.map((row) => ({ ...test, ...row })) });

  const bySource = new Map(sandboxDevices.map((d) => [d.sourceId, d]));
  const liveIds = new Set(liveDevices.map((d) => d.id));
  // Orphans first, so a serial they hold is free for a new twin.
  const orphans = sandboxDevices.filter((d) => !d.sourceId || !liveIds.has(d.sourceId)).map((d) => d.id);
  for (const slice of inSlices(orphans)) await tx.device.deleteMany({ where: { id: { in: slice } } });

  const created: {
    id: string;
    workspaceId: string;
    environment: string;
    sourceId: string;
    serial: string;
    name: string;
    siteId: string;
  }[] = [];
  const deviceTwin = new Map<string, string>();
  for (const device of liveDevices) {
    const siteId = sites.twin.get(device.siteId)!;
    const twin = bySource.get(device.id);
    if (!twin) {
      const id = randomUUID();
      created.push({ id, ...test, sourceId: device.id, serial: device.serial, name: device.name, siteId });
      deviceTwin.set(device.id, id);
      continue;
    }
    deviceTwin.set(device.id, twin.id);
    if (twin.name !== device.name || twin.serial !== device.serial || twin.siteId !== siteId) {
      await tx.device.update({ where: { id: twin.id }, data: { name: device.name, serial: device.serial, siteId } });
    }
  }
  for (const slice of inSlices(created, 9)) await tx.device.createMany({ data: slice });

  await tx.deviceGroupMember.deleteMany({ where: { device: test } });
  const members = liveDevices.flatMap((d) =>
    d.groups.map((g) => ({ deviceId: deviceTwin.get(d.id)!, groupId: groups.twin.get(g.groupId)! })),
  );
  for (const slice of inSlices(members, 4)) await tx.deviceGroupMember.createMany({ data: slice });

  // Sites and groups whose live original is gone; their devices went above.
  for (const slice of inSlices(sites.orphans)) await tx.site.deleteMany({ where: { ...test, id: { in: slice } } });
  for (const slice of inSlices(groups.orphans)) await tx.deviceGroup.deleteMany({ where: { ...test, id: { in: slice } } });
  // A reset can change what a row reports without changing the row (a device's group_ids, a site's device_count):
  // every sandbox row counts as changed now, so an integration syncing with ?updated_since= re-reads the sandbox whole.
  const now = new Date();
  await tx.site.updateMany({ where: test, data: { updatedAt: now } });
  await tx.deviceGroup.updateMany({ where: test, data: { updatedAt: now } });
  await tx.device.updateMany({ where: test, data: { updatedAt: now } });
  return { sites: liveSites.length, groups: liveGroups.length, devices: liveDevices.length };
}

/**
 * Pairs each live row with its twin: live id → twin id, the twins that drifted
 * (to rename), the missing ones (to create, with ids chosen here) and the
 * sandbox rows whose original is gone.
 */
function twins(live: { id: string; name: string }[], sandbox: { id: string; sourceId: string | null; name: string }[]) {
  const bySource = new Map(sandbox.map((row) => [row.sourceId, row]));
  const twin = new Map<string, string>();
  const renamed: { id: string; name: string }[] = [];
  const created: { id: string; sourceId: string; name: string }[] = [];
  for (const row of live) {
    const existing = bySource.get(row.id);
    if (existing && existing.name !== row.name) renamed.push({ id: existing.id, name: row.name });
    const id = existing?.id ?? randomUUID();
    if (!existing) created.push({ id, sourceId: row.id, name: row.name });
    twin.set(row.id, id);
  }
  const kept = new Set(twin.values());
  const orphans = sandbox.filter((row) => !kept.has(row.id)).map((row) => row.id);
  return { twin, renamed, created, orphans };
}
