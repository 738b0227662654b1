import ipaddr from "ipaddr.js";

/** Strict forms only (ipaddr.js alone would also read "1.2.3" as an address); no Node built-ins, the form runs this too. */
function isIP(value: string): number {
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return 4;
  return ipaddr.IPv6.isValid(value) ? 6 : 0;
}

/**
 * A token's IP allowlist: IPv4/IPv6 addresses and CIDR ranges, parsed and
 * normalised with ipaddr.js (a range is stored as its network address, an
 * IPv4-mapped IPv6 address or range as plain IPv4). Empty means any address. The
 * address checked is the one lib/http/trust.ts decided, never a header.
 */
export const MAX_ALLOWLIST_ENTRIES = 50;
export const ALLOWLIST_EXAMPLES = "203.0.113.7, 198.51.100.0/24 or 2001:db8::/32";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

function parseEntry(entry: string): Range | null {
  try {
    if (isIP(entry.split("/")[0]) === 0) return null;
    if (entry.includes("/")) {
      const [address, bits] = ipaddr.parseCIDR(entry);
      if (address.kind() === "ipv4") return [ipaddr.IPv4.networkAddressFromCIDR(entry), bits];
      const network = ipaddr.IPv6.networkAddressFromCIDR(entry);
      // An IPv4-mapped range (::ffff:198.51.100.0/120) is the IPv4 range it maps: clients' mapped addresses are checked as IPv4.
      if ((address as ipaddr.IPv6).isIPv4MappedAddress()) {
        return bits >= 96 ? [network.toIPv4Address(), bits - 96] : null;
      }
      return [network, bits];
    }
    const address = ipaddr.process(entry);
    return [address, address.kind() === "ipv4" ? 32 : 128];
  } catch {
    return null;
  }
}

function format([address, bits]: Range): string {
  const full = address.kind() === "ipv4" ? 32 : 128;
  return bits === full ? address.toString() : `${address.toString()}/${bits}`;
}

export type AllowlistParse = { ok: true; entries: string[] } | { ok: false; error: string };

/** How many bad entries one message names; the rest are counted. */
const NAMED_PROBLEMS = 10;

/**
 * One entry per line (commas work too); blank lines are ignored, duplicates
 * merged. Every entry that is not an address or range is named with its line
 * in one message, so a pasted list is fixed in one pass.
 */
export function parseAllowlist(text: string): AllowlistParse {
  const entries: string[] = [];
  const bad: { line: number; entry: string }[] = [];
  text.split("\n").forEach((lineText, i) => {
    for (const entry of lineText
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)) {
      const range = parseEntry(entry);
      if (!range) {
        bad.push({ line: i + 1, entry });
        continue;
      }
      const normal = format(range);
      if (!entries.includes(normal)) entries.push(normal);
    }
  });
  if (bad.length === 1) {
    const [{ line, entry }] = bad;
    return {
      ok: false,
      error: `Line ${line}: “${entry.slice(0, 64)}” is not an IP address or CIDR range (for example ${ALLOWLIST_EXAMPLES}).`,
    };
  }
  if (bad.length > 1) {
    const named = bad.slice(0, NAMED_PROBLEMS).map(({ line, entry }) => `line ${line} “${entry.slice(0, 64)}”`);
    const more = bad.length > NAMED_PROBLEMS ? ` and ${bad.length - NAMED_PROBLEMS} more` : "";
    return {
      ok: false,
      error: `${bad.length} entries are not IP addresses or CIDR ranges: ${named.join(", ")}${more} (for example ${ALLOWLIST_EXAMPLES}).`,
    };
  }
  if (entries.length > MAX_ALLOWLIST_ENTRIES) return { ok: false, error: `List at most ${MAX_ALLOWLIST_ENTRIES} addresses or ranges.` };
  return { ok: true, entries };
}

/** Parsed once per entries array: a verified token's list is cached with it, so the hot path parses only the client's address. */
const compiled = new WeakMap<readonly string[], Range[]>();

function ranges(entries: readonly string[]): Range[] {
  let parsed = compiled.get(entries);
  if (!parsed) {
    parsed = entries.map(parseEntry).filter((range): range is Range => range !== null);
    compiled.set(entries, parsed);
  }
  return parsed;
}

/** Whether `ip` may use a token with these (normalised) entries. */
export function allowlistAllows(entries: readonly string[], ip: string): boolean {
  if (entries.length === 0) return true;
  if (isIP(ip) === 0) return false;
  const address = ipaddr.process(ip);
  return ranges(entries).some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
}

export const serializeAllowlist = (entries: readonly string[]) => entries.join("\n");
export const deserializeAllowlist = (stored: string) => (stored ? stored.split("\n") : []);
