import { type ApiWriter, recordApiWrite } from "./audit";
import { db } from "../db/client";
import type { VerifiedToken } from "../tokens/verify";
import { finishPage, type PageRequest } from "./pagination";
import { siteReach } from "./reach";
import type { SiteJson } from "./schemas";

type Row = { id: string; name: string; createdAt: Date; updatedAt: Date; _count: { devices: number } };

const select = { id: true, name: true, createdAt: true, updatedAt: true, _count: { select: { devices: true } } } as const;

function toJson(row: Row, token: VerifiedToken): SiteJson {
  return {
    id: row.id,
    name: row.name,
    device_count: row._count.devices,
    environment: token.environment,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export async function listSites(token: VerifiedToken, page: PageRequest) {
  const rows = await db.site.findMany({
    where: {
      AND: [
        siteReach(token),
        page.after ? { id: { gt: page.after[0] } } : {},
        page.updatedSince ? { updatedAt: { gte: page.updatedSince } } : {},
      ],
    },
    select,
    orderBy: { id: "asc" },
    take: page.limit + 1,
  });
  const { items, next_cursor } = finishPage(rows, page, (s) => [s.id]);
  return { data: items.map((row) => toJson(row, token)), next_cursor };
}

export async function getSite(token: VerifiedToken, id: string): Promise<SiteJson | null> {
  const row = await db.site.findFirst({ where: { AND: [siteReach(token), { id }] }, select });
  return row ? toJson(row, token) : null;
}

export async function renameSite(
  token: VerifiedToken,
  id: string,
  name: string,
  expectedName: string | undefined,
  who: ApiWriter,
): Promise<SiteJson | null> {
  const where = {
    AND: [siteReach(token), { id, workspaceId: token.workspaceId }, expectedName === undefined ? {} : { name: expectedName }],
  };
  const count = await db.$transaction(async (tx) => {
    const before = await tx.site.findFirst({ where, select: { name: true } });
    if (!before) return 0;
    const { count } = await tx.site.updateMany({ where, data: { name } });
    if (count === 1) await recordApiWrite(tx, token, who, "site.renamed", `(${id}: “${before.name}” → “${name}”)`);
    return count;
  });
  return count === 1 ? getSite(token, id) : null;
}
