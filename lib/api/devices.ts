import { type ApiWriter, recordApiWrite } from "./audit";
import { binder, db, provider, readRows, sqlDate } from "../db/client";
import type { VerifiedToken } from "../tokens/verify";
import { finishPage, type PageRequest } from "./pagination";
import { deviceReach, deviceReachSql } from "./reach";
import type { DeviceJson } from "./schemas";

type Row = { serial: string; name: string; siteId: string; createdAt: Date; updatedAt: Date; groups: { groupId: string }[] };

/** The only way a device leaves the API: no internal id, no workspace id. */
function toJson(row: Row, token: VerifiedToken): DeviceJson {
  return {
    serial: row.serial,
    name: row.name,
    site_id: row.siteId,
    group_ids: row.groups.map((g) => g.groupId).sort(),
    environment: token.environment,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/**
 * A device and its groups in one statement, its reach in the where-clause
 * (lib/api/reach.ts). Reads are the API's hot path, so they go straight to
 * the driver (`readRows`); writes below stay on Prisma.
 */
async function readDevices(
  token: VerifiedToken,
  where: { serial?: string; after?: string; since?: Date | null },
  limit: number,
): Promise<Row[]> {
  const pg = provider === "postgres";
  const param = binder();
  const reach = deviceReachSql(token, param);
  if (reach === null) return [];
  const keys = [
    where.serial === undefined ? null : `d."serial" = ${param(where.serial)}`,
    where.after === undefined ? null : `d."serial" > ${param(where.after)}`,
    where.since ? `d."updatedAt" >= ${param(sqlDate(where.since))}${pg ? "::timestamp" : ""}` : null,
  ].filter(Boolean);
  const groups = pg ? `string_agg(m."groupId", ',')` : `group_concat(m."groupId", ',')`;
  const at = (column: string) => (pg ? `to_char(d."${column}", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : `d."${column}"`);
  const sql = `SELECT d."serial", d."name", d."siteId", ${at("createdAt")} AS "createdAt", ${at("updatedAt")} AS "updatedAt",
      (SELECT ${groups} FROM "DeviceGroupMember" m WHERE m."deviceId" = d."id") AS "groupIds"
    FROM "Device" d WHERE ${[reach, ...keys].join(" AND ")} ORDER BY d."serial" ASC LIMIT ${Math.trunc(limit)}`;
  const rows = await readRows<{
    serial: string;
    name: string;
    siteId: string;
    createdAt: string;
    updatedAt: string;
    groupIds: string | null;
  }>(sql, param.args);
  return rows.map((r) => ({
    serial: r.serial,
    name: r.name,
    siteId: r.siteId,
    createdAt: new Date(r.createdAt),
    updatedAt: new Date(r.updatedAt),
    groups: r.groupIds ? r.groupIds.split(",").map((groupId) => ({ groupId })) : [],
  }));
}

export async function listDevices(token: VerifiedToken, page: PageRequest) {
  const rows = await readDevices(token, { after: page.after?.[0], since: page.updatedSince }, page.limit + 1);
  const { items, next_cursor } = finishPage(rows, page, (d) => [d.serial]);
  return { data: items.map((row) => toJson(row, token)), next_cursor };
}

export async function getDevice(token: VerifiedToken, serial: string): Promise<DeviceJson | null> {
  const [row] = await readDevices(token, { serial }, 1);
  return row ? toJson(row, token) : null;
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
