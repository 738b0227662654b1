// "The Developers page at scale": a signed-in admin's page loads and the
// resource picker's server action, both over HTTP against the running server.

export interface PageStats {
  slug: string;
  samples: number;
  median: number;
  p95: number;
  min: number;
  max: number;
  bytes: number;
}

export interface PickerStats {
  slug: string;
  samples: number;
  median: number;
  p95: number;
  max: number;
  slowest: { kind: string; query: string; ms: number };
}

const round = (n: number) => Math.round(n * 10) / 10;
function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { samples: s.length, median: round(at(0.5)), p95: round(at(0.95)), min: round(s[0]), max: round(s[s.length - 1]) };
}

async function timePage(base: string, slug: string, cookie: string) {
  const start = performance.now();
  const response = await fetch(`${base}/w/${slug}/settings/developers`, { headers: { cookie }, redirect: "manual" });
  const body = await response.text();
  const ms = performance.now() - start;
  if (response.status !== 200 || !body.includes("Token 000001")) {
    throw new Error(`/w/${slug}/settings/developers answered ${response.status} without the token list`);
  }
  return { ms, bytes: body.length };
}

/** Median of `rounds` loads of each page, interleaved so drift hits both alike, after 3 warm-up loads each. */
export async function measurePages(base: string, slugs: string[], cookie: string, rounds = 20): Promise<PageStats[]> {
  for (let i = 0; i < 3; i++) for (const slug of slugs) await timePage(base, slug, cookie);
  const times = new Map(slugs.map((s) => [s, [] as number[]]));
  const bytes = new Map<string, number>();
  for (let i = 0; i < rounds; i++) {
    for (const slug of slugs) {
      const t = await timePage(base, slug, cookie);
      times.get(slug)!.push(t.ms);
      bytes.set(slug, t.bytes);
    }
  }
  return slugs.map((slug) => ({ slug, ...stats(times.get(slug)!), bytes: bytes.get(slug)! }));
}

export const PICKER_QUERIES: { kind: string; query: string }[] = [
  { kind: "devices", query: "" },
  { kind: "devices", query: "a" },
  { kind: "devices", query: "AGV" },
  { kind: "devices", query: "dock 09" },
  { kind: "devices", query: "LRG-1042" },
  { kind: "devices", query: "no such device" },
  { kind: "groups", query: "" },
  { kind: "groups", query: "drone" },
  { kind: "sites", query: "" },
  { kind: "sites", query: "Site 1" },
];

/** Calls the action the way the browser's fetch does: POST to the page with a Next-Action header and the encoded arguments. */
async function callSearch(base: string, slug: string, cookie: string, actionId: string, kind: string, query: string) {
  const start = performance.now();
  const response = await fetch(`${base}/w/${slug}/settings/developers`, {
    method: "POST",
    headers: {
      accept: "text/x-component",
      "next-action": actionId,
      "content-type": "text/plain;charset=UTF-8",
      origin: base,
      cookie,
    },
    body: JSON.stringify([slug, { kind, query }]),
  });
  const body = await response.text();
  const ms = performance.now() - start;
  if (response.status !== 200 || !body.includes('"ok":true')) {
    throw new Error(`searchResourcesAction(${kind}, "${query}") answered ${response.status}: ${body.slice(0, 200)}`);
  }
  return ms;
}

/** Each query `repeat` times after one warm-up pass; p95 over all calls. */
export async function measurePicker(base: string, slug: string, cookie: string, actionId: string, repeat = 6): Promise<PickerStats> {
  for (const q of PICKER_QUERIES) await callSearch(base, slug, cookie, actionId, q.kind, q.query);
  const all: number[] = [];
  let slowest = { kind: "", query: "", ms: 0 };
  for (let i = 0; i < repeat; i++) {
    for (const q of PICKER_QUERIES) {
      const ms = await callSearch(base, slug, cookie, actionId, q.kind, q.query);
      all.push(ms);
      if (ms > slowest.ms) slowest = { ...q, ms: round(ms) };
    }
  }
  const s = stats(all);
  return { slug, samples: s.samples, median: s.median, p95: s.p95, max: s.max, slowest };
}

/** Token searches the Developers page answers server-side (the query string is the shared, bookmarkable view). */
export const SEARCH_QUERIES: { what: string; query: string; expect?: string }[] = [
  { what: "the first page (no filter)", query: "sort=created" },
  { what: "words in the name", query: "q=Token+004242", expect: "Token 004242" },
  { what: "a pasted prefix…last4 (no match)", query: "q=tg_live_8Hq2%E2%80%A6x9Fa" },
  { what: "scope filter", query: "scope=devices%3Awrite" },
  { what: "never used", query: "state=never_used" },
  { what: "unused for 90 days", query: "state=unused_90" },
  { what: "sorted by name", query: "sort=name" },
  { what: "sorted by last use", query: "sort=last_used" },
  { what: "sorted by expiry", query: "sort=expires" },
  { what: "expiring within 7 days", query: "state=expiring" },
];

export interface SearchStats {
  slug: string;
  tokens: number;
  samples: number;
  median: number;
  p95: number;
  slowest: { what: string; ms: number };
}

/** Each search 10 times (after one warm-up pass), interleaved; p95 over all of them. */
export async function measureSearch(base: string, slug: string, tokens: number, cookie: string, rounds = 10): Promise<SearchStats> {
  const once = async (q: (typeof SEARCH_QUERIES)[number]) => {
    const start = performance.now();
    const response = await fetch(`${base}/w/${slug}/settings/developers?${q.query}`, { headers: { cookie }, redirect: "manual" });
    const body = await response.text();
    const ms = performance.now() - start;
    if (response.status !== 200 || (q.expect && !body.includes(q.expect))) {
      throw new Error(`search ${q.query} in ${slug} answered ${response.status}${q.expect ? ` without ${q.expect}` : ""}`);
    }
    return ms;
  };
  for (const q of SEARCH_QUERIES) await once(q);
  const all: number[] = [];
  const worst = new Map<string, number[]>();
  for (let i = 0; i < rounds; i++) {
    for (const q of SEARCH_QUERIES) {
      const ms = await once(q);
      all.push(ms);
      worst.set(q.what, [...(worst.get(q.what) ?? []), ms]);
    }
  }
  const medians = [...worst].map(([what, ms]) => ({ what, ms: stats(ms).median })).sort((a, b) => b.ms - a.ms);
  const s = stats(all);
  return { slug, tokens, samples: s.samples, median: s.median, p95: s.p95, slowest: medians[0] };
}
