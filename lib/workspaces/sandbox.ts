import { randomUUID } from "node:crypto";
import { type Actor, recordEvent } from "../audit";
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

/** The copy itself, inside the caller's transaction (the demo seed uses it). */
export async function copyLiveToSandbox(tx: Tx, workspaceId: string): Promise<SandboxCounts> {
  const live = { workspaceId, environment: "live" };
  const test = { workspaceId, environment: "test" };

  const siteTwin = await twins(
    await tx.site.findMany({ where: live, select: { id: true, name: true } }),
    await tx.site.findMany({ where: test, select: { id: true, sourceId: true, name: true } }),
    (id, name) => tx.site.update({ where: { id }, data: { name } }),
    (sourceId, name) => tx.site.create({ data: { ...test, sourceId, name }, select: { id: true } }),
  );
  const groupTwin = await twins(
    await tx.deviceGroup.findMany({ where: live, select: { id: true, name: true } }),
    await tx.deviceGroup.findMany({ where: test, select: { id: true, sourceId: true, name: true } }),
    (id, name) => tx.deviceGroup.update({ where: { id }, data: { name } }),
    (sourceId, name) => tx.deviceGroup.create({ data: { ...test, sourceId, name }, select: { id: true } }),
  );

  const liveDevices = await tx.device.findMany({
    where: live,
    select: { id: true, serial: true, name: true, siteId: true, groups: { select: { groupId: true } } },
  });
  const sandboxDevices = await tx.device.findMany({
    where: test,
    select: { id: true, sourceId: true, serial: true, name: true, siteId: true },
  });
  const bySource = new Map(sandboxDevices.map((d) => [d.sourceId, d]));
  const liveIds = new Set(liveDevices.map((d) => d.id));
  // Orphans first, so a serial they hold is free for a new twin.
  const orphans = sandboxDevices.filter((d) => !d.sourceId || !liveIds.has(d.sourceId)).map((d) => d.id);
  if (orphans.length) await tx.device.deleteMany({ where: { id: { in: orphans } } });

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
    const siteId = siteTwin.get(device.siteId)!;
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
  if (created.length) await tx.device.createMany({ data: created });

  await tx.deviceGroupMember.deleteMany({ where: { device: test } });
  const memberships = liveDevices.flatMap((d) =>
    d.groups.map((g) => ({ deviceId: deviceTwin.get(d.id)!, groupId: groupTwin.get(g.groupId)! })),
  );
  if (memberships.length) await tx.deviceGroupMember.createMany({ data: memberships });

  // Sites and groups whose live original is gone; their devices went above.
  await tx.site.deleteMany({ where: { ...test, NOT: { id: { in: [...siteTwin.values()] } } } });
  await tx.deviceGroup.deleteMany({ where: { ...test, NOT: { id: { in: [...groupTwin.values()] } } } });
  return { sites: siteTwin.size, groups: groupTwin.size, devices: liveDevices.length };
}

/** Pairs each live row with its twin (renaming a twin that drifted, creating a missing one): live id → twin id. */
async function twins(
  live: { id: string; name: string }[],
  sandbox: { id: string; sourceId: string | null; name: string }[],
  rename: (id: string, name: string) => Promise<unknown>,
  create: (sourceId: string, name: string) => Promise<{ id: string }>,
): Promise<Map<string, string>> {
  const bySource = new Map(sandbox.map((row) => [row.sourceId, row]));
  const pairs = new Map<string, string>();
  for (const row of live) {
    const twin = bySource.get(row.id);
    if (twin && twin.name !== row.name) await rename(twin.id, row.name);
    pairs.set(row.id, twin ? twin.id : (await create(row.id, row.name)).id);
  }
  return pairs;
}
