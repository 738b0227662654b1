import { type ApiWriter, recordApiWrite } from "./audit";
import { db } from "../db/client";
import type { VerifiedToken } from "../tokens/verify";
import { finishPage, type PageRequest } from "./pagination";
import { groupReach } from "./reach";
import type { GroupDetailJson, GroupJson } from "./schemas";

type Row = { id: string; name: string; createdAt: Date; updatedAt: Date; _count: { members: number } };

const select = { id: true, name: true, createdAt: true, updatedAt: true, _count: { select: { members: true } } } as const;

function toJson(row: Row, token: VerifiedToken): GroupJson {
  return {
    id: row.id,
    name: row.name,
    device_count: row._count.members,
    environment: token.environment,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export async function listGroups(token: VerifiedToken, page: PageRequest) {
  const rows = await db.deviceGroup.findMany({
    where: {
      AND: [
        groupReach(token),
        page.after ? { id: { gt: page.after[0] } } : {},
        page.updatedSince ? { updatedAt: { gte: page.updatedSince } } : {},
      ],
    },
    select,
    orderBy: { id: "asc" },
    take: page.limit + 1,
  });
  const { items, next_cursor } = finishPage(rows, page, (g) => [g.id]);
  return { data: items.map((row) => toJson(row, token)), next_cursor };
}

/** A reachable group lists all of its devices: choosing a group grants its members. */
export async function getGroup(token: VerifiedToken, id: string): Promise<GroupDetailJson | null> {
  const row = await db.deviceGroup.findFirst({
    where: { AND: [groupReach(token), { id }] },
    select: { ...select, members: { select: { device: { select: { serial: true } } } } },
  });
  if (!row) return null;
  const serials = row.members.map((m) => m.device.serial).sort();
  return { ...toJson(row, token), device_serials: serials };
}

export async function renameGroup(
  token: VerifiedToken,
  id: string,
  name: string,
  expectedName: string | undefined,
  who: ApiWriter,
): Promise<GroupDetailJson | null> {
  const where = {
    AND: [groupReach(token), { id, workspaceId: token.workspaceId }, expectedName === undefined ? {} : { name: expectedName }],
  };
  const count = await db.$transaction(async (tx) => {
    const before = await tx.deviceGroup.findFirst({ where, select: { name: true } });
    if (!before) return 0;
    const { count } = await tx.deviceGroup.updateMany({ where, data: { name } });
    if (count === 1) await recordApiWrite(tx, token, who, "group.renamed", `(${id}: “${before.name}” → “${name}”)`);
    return count;
  });
  return count === 1 ? getGroup(token, id) : null;
}
