import { db } from "../db/client";
import { parseScopes } from "../scopes";
import { maskToken } from "./format";
import type { ActivityView, TokenView } from "./view";

const TOKENS_PAGE_SIZE = 25;

export async function listTokens(workspaceId: string, page = 1) {
  const [total, rows] = await Promise.all([
    db.apiToken.count({ where: { workspaceId } }),
    db.apiToken.findMany({
      where: { workspaceId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * TOKENS_PAGE_SIZE,
      take: TOKENS_PAGE_SIZE,
      select: {
        id: true,
        name: true,
        description: true,
        prefix: true,
        lastFour: true,
        scopes: true,
        allResources: true,
        createdAt: true,
        regeneratedAt: true,
        expiresAt: true,
        lastUsedAt: true,
        lastUsedIp: true,
        version: true,
        createdBy: { select: { name: true, email: true, active: true } },
        _count: { select: { devices: true, groups: true, sites: true } },
      },
    }),
  ]);
  const tokens: TokenView[] = rows.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    masked: maskToken(t),
    scopes: parseScopes(t.scopes),
    access: { all: t.allResources, devices: t._count.devices, groups: t._count.groups, sites: t._count.sites },
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    issuedAt: (t.regeneratedAt ?? t.createdAt).toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: t.lastUsedIp,
    version: t.version,
  }));
  return { tokens, total, page, pageCount: Math.max(1, Math.ceil(total / TOKENS_PAGE_SIZE)) };
}

export async function recentActivity(workspaceId: string, take = 8): Promise<ActivityView[]> {
  const events = await db.auditEvent.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, action: true, tokenName: true, actorEmail: true, ip: true, createdAt: true },
  });
  return events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }));
}
