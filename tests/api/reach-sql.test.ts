import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getDevice, listDevices } from "@/lib/api/devices";
import { deviceReach } from "@/lib/api/reach";
import type { VerifiedToken } from "@/lib/tokens/verify";

// The API reads devices with plain SQL (lib/api/reach.ts `deviceReachSql`) and
// writes them with Prisma (`deviceReach`): both forms of the reach rule must
// pick exactly the same devices, for any choice of devices, groups and sites,
// in both environments, and never a device of another workspace.

/** A small deterministic generator, so a failure names the case that broke. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const pick = <T>(items: T[], chance: number, next: () => number) => items.filter(() => next() < chance);

async function viaSql(token: VerifiedToken): Promise<string[]> {
  const serials: string[] = [];
  let after: string[] | null = null;
  for (;;) {
    const page = await listDevices(token, { list: "listDevices", limit: 7, after, updatedSince: null });
    serials.push(...page.data.map((d) => d.serial));
    if (!page.next_cursor) return serials;
    after = [page.data.at(-1)?.serial ?? ""];
  }
}

describe("device reach: the SQL form and the Prisma form agree", () => {
  it("for 60 random choices of devices, groups and sites across workspaces and environments", async () => {
    // The seeded workspaces, which have devices: other tests add empty ones, which would leave most cases with nothing to compare.
    const workspaces = await db.workspace.findMany({ where: { slug: { in: ["acme", "globex"] } }, select: { id: true, slug: true } });
    const next = random(20261202);
    let compared = 0;
    for (let i = 0; i < 60; i++) {
      const workspace = workspaces[i % workspaces.length];
      const environment = next() < 0.7 ? "live" : "test";
      // Ids from every workspace and environment: the token's own home must still fence them.
      const [devices, groups, sites] = await Promise.all([
        db.device.findMany({ select: { id: true } }),
        db.deviceGroup.findMany({ select: { id: true } }),
        db.site.findMany({ select: { id: true } }),
      ]);
      const chance = [0, 0.02, 0.1, 0.3][i % 4];
      const token = {
        workspaceId: workspace.id,
        environment,
        allResources: i % 10 === 9,
        deviceIds: pick(devices, chance, next).map((d) => d.id),
        groupIds: pick(groups, chance, next).map((g) => g.id),
        siteIds: pick(sites, chance / 2, next).map((s) => s.id),
      } as unknown as VerifiedToken;
      const expected = await db.device.findMany({ where: deviceReach(token), select: { serial: true }, orderBy: { serial: "asc" } });
      const got = await viaSql(token);
      expect(got, `case ${i} (${workspace.slug}, ${environment})`).toEqual(expected.map((d) => d.serial));
      compared += got.length;
    }
    // The cases must not all be empty for the comparison to mean anything.
    expect(compared).toBeGreaterThan(20);
  });

  it("a single read returns what Prisma returns for that device, groups and time included, and null out of reach", async () => {
    const acme = await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } });
    const device = await db.device.findFirstOrThrow({
      where: { workspaceId: acme.id, environment: "live", groups: { some: {} } },
      include: { groups: true },
    });
    const token = {
      workspaceId: acme.id,
      environment: "live",
      allResources: false,
      deviceIds: [],
      groupIds: [device.groups[0].groupId],
      siteIds: [],
    } as unknown as VerifiedToken;
    expect(await getDevice(token, device.serial)).toEqual({
      serial: device.serial,
      name: device.name,
      site_id: device.siteId,
      group_ids: device.groups.map((g) => g.groupId).sort(),
      environment: "live",
      created_at: device.createdAt.toISOString(),
      updated_at: device.updatedAt.toISOString(),
    });
    expect(await getDevice({ ...token, environment: "test" } as VerifiedToken, device.serial)).toBeNull();
    expect(await getDevice({ ...token, groupIds: [] } as VerifiedToken, device.serial)).toBeNull();
    expect(await getDevice({ ...token, workspaceId: "someone-else" } as VerifiedToken, device.serial)).toBeNull();
    // A serial is a bound value, never SQL.
    expect(await getDevice({ ...token, allResources: true } as VerifiedToken, `${device.serial}' OR '1'='1`)).toBeNull();
  });
});
