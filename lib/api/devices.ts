import { type ApiWriter, recordApiWrite } from "./audit";
import { db } from "../db/client";
import type { VerifiedToken } from "../tokens/verify";
import { finishPage, type PageRequest } from "./pagination";
import { deviceReach } from "./reach";
import type { DeviceJson } from "./schemas";

const select = {
  serial: true,
  name: true,
  siteId: true,
  createdAt: true,
  groups: { select: { groupId: true } },
} as const;

type Row = { serial: string; name: string; siteId: string; createdAt: Date; groups: { groupId: string }[] };

/** The only way a device leaves the API: no internal id, no workspace id. */
function toJson(row: Row): DeviceJson {
  return {
    serial: row.serial,
    name: row.name,
    site_id: row.siteId,
    group_ids: row.groups.map((g) => g.groupId).sort(),
    created_at: row.createdAt.toISOString(),
  };
}

export async function listDevices(token: VerifiedToken, page: PageRequest) {
  const rows = await db.device.findMany({
    where: { AND: [deviceReach(token), page.after ? { serial: { gt: page.after[0] } } : {}] },
    select,
    orderBy: { serial: "asc" },
    take: page.limit + 1,
  });
  const { items, next_cursor } = finishPage(rows, page, (d) => [d.serial]);
  return { data: items.map(toJson), next_cursor };
}

export async function getDevice(token: VerifiedToken, serial: string): Promise<DeviceJson | null> {
  const row = await db.device.findFirst({ where: { AND: [deviceReach(token), { serial }] }, select });
  return row ? toJson(row) : null;
}

/** Reach is part of the update's own where-clause, so the check and the write cannot be split; the audit event commits with it. */
export async function renameDevice(
  token: VerifiedToken,
  serial: string,
  name: string,
  expectedName: string | undefined,
  who: ApiWriter,
): Promise<DeviceJson | null> {
  const where = {
    AND: [deviceReach(token), { serial, workspaceId: token.workspaceId }, expectedName === undefined ? {} : { name: expectedName }],
  };
  const count = await db.$transaction(async (tx) => {
    const before = await tx.device.findFirst({ where, select: { name: true } });
    if (!before) return 0;
    const { count } = await tx.device.updateMany({ where, data: { name } });
    if (count === 1) await recordApiWrite(tx, token, who, "device.renamed", `(${serial}: “${before.name}” → “${name}”)`);
    return count;
  });
  return count === 1 ? getDevice(token, serial) : null;
}
