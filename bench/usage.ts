// "The token page stays fast with 1,000,000 usage rows": rows seeded straight
// into the table (as a month of a busy integration would leave them), then
// the page timed over HTTP like the Developers page.
import type { Db } from "../lib/db/client";

export const USAGE_ROWS = Number(process.env.BENCH_USAGE_ROWS ?? 1_000_000);
const BATCH = 5_000;
const ROUTES = ["/api/v1/devices", "/api/v1/devices/{serial}", "/api/v1/token", "/api/v1/sites"];

export interface TokenPageStats {
  samples: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** `rows` records over the last 30 days for one token of the workspace, and the matching daily rollup. */
export async function seedUsage(db: Db, slug: string, tokenId: string, rows: number): Promise<{ seconds: number }> {
  const started = Date.now();
  const workspace = await db.workspace.findUniqueOrThrow({ where: { slug }, select: { id: true } });
  const span = 30 * 24 * 3600_000;
  const now = Date.now();
  const daily = new Map<string, { success: number; failure: number }>();
  for (let done = 0; done < rows; done += BATCH) {
    const data = Array.from({ length: Math.min(BATCH, rows - done) }, (_, i) => {
      const n = done + i;
      const at = new Date(now - span + Math.floor((n / rows) * span));
      const status = n % 23 === 0 ? 403 : n % 41 === 0 ? 404 : 200;
      const day = at.toISOString().slice(0, 10);
      const d = daily.get(day) ?? { success: 0, failure: 0 };
      if (status < 400) d.success++;
      else d.failure++;
      daily.set(day, d);
      return {
        id: `bu${n.toString(36).padStart(10, "0")}`,
        workspaceId: workspace.id,
        tokenId,
        environment: "live",
        at,
        method: "GET",
        route: ROUTES[n % ROUTES.length],
        status,
        ip: `198.51.100.${n % 200}`,
        latencyMs: 2 + (n % 9),
        requestId: `bench-${n}`,
      };
    });
    await db.usageRecord.createMany({ data });
  }
  for (const [day, counts] of daily) {
    await db.usageDaily.upsert({
      where: { tokenId_day: { tokenId, day } },
      create: { tokenId, day, workspaceId: workspace.id, ...counts },
      update: counts,
    });
  }
  return { seconds: Math.round((Date.now() - started) / 100) / 10 };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Median of 20 loads (after 3 warm-up loads) of the token's page, the unfiltered first page and a filtered one alternating. */
export async function measureTokenPage(base: string, slug: string, tokenId: string, cookie: string, rounds = 20): Promise<TokenPageStats> {
  const load = async (query: string) => {
    const start = performance.now();
    const response = await fetch(`${base}/w/${slug}/settings/developers/tokens/${tokenId}${query}`, {
      headers: { cookie },
      redirect: "manual",
    });
    const body = await response.text();
    if (response.status !== 200 || !body.includes("Recent requests")) throw new Error(`token page answered ${response.status}`);
    return performance.now() - start;
  };
  for (let i = 0; i < 3; i++) await load("");
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) times.push(await load(i % 2 === 0 ? "" : "?status=4xx"));
  const s = [...times].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { samples: s.length, median: round(at(0.5)), p95: round(at(0.95)), min: round(s[0]), max: round(s[s.length - 1]) };
}
