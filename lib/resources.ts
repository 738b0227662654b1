import type { ResourceKind } from "./resource-kinds";
import { containsText, db } from "./db/client";
import type { Environment } from "./environments";

const PICKER_PAGE_SIZE = 20;

export interface ResourceOption {
  id: string;
  label: string;
  detail: string;
}

/** A bounded, indexed search; results are always of `workspaceId`, in `environment` (the sandbox copy for test). */
export async function searchResources(
  workspaceId: string,
  environment: Environment,
  kind: ResourceKind,
  query: string,
): Promise<ResourceOption[]> {
  const q = query.trim();
  const home = { workspaceId, environment };
  if (kind === "devices") {
    const devices = await db.device.findMany({
      // Matches what a row shows: the name, the serial anywhere in it ("1001" finds "ACM-1001") and the site's name.
      where: q ? { ...home, OR: [{ serial: containsText(q) }, { name: containsText(q) }, { site: { name: containsText(q) } }] } : home,
      select: { id: true, serial: true, name: true, site: { select: { name: true } } },
      orderBy: { serial: "asc" },
      take: PICKER_PAGE_SIZE,
    });
    return devices.map((d) => ({ id: d.id, label: d.name, detail: `${d.serial} · ${d.site.name}` }));
  }
  if (kind === "groups") {
    const groups = await db.deviceGroup.findMany({
      where: { ...home, ...(q ? { name: containsText(q) } : {}) },
      select: { id: true, name: true, _count: { select: { members: true } } },
      orderBy: { name: "asc" },
      take: PICKER_PAGE_SIZE,
    });
    return groups.map((g) => ({ id: g.id, label: g.name, detail: `${g._count.members} devices` }));
  }
  const sites = await db.site.findMany({
    where: { ...home, ...(q ? { name: containsText(q) } : {}) },
    select: { id: true, name: true, _count: { select: { devices: true } } },
    orderBy: { name: "asc" },
    take: PICKER_PAGE_SIZE,
  });
  return sites.map((s) => ({ id: s.id, label: s.name, detail: `${s._count.devices} devices` }));
}
