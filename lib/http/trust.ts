import net from "node:net";
import ipaddr from "ipaddr.js";

/**
 * The trust boundary for "who is calling": which client address and scheme
 * a request really came from (the host is always the Host header; set
 * AUTH_URL behind a proxy that rewrites it). Decided once per request by the edge server
 * (server.ts) from the TCP socket; forwarding headers are believed only when
 * TRUST_PROXY names the proxies in front of us, and then only the entries
 * those proxies appended (read from the right), never what the client sent.
 */
/** Set by server.ts in its process, so the app can tell it runs behind the edge. */
export const EDGE_MARK = Symbol.for("tollgate.edge");

export function behindEdge(): boolean {
  return (globalThis as Record<symbol, boolean>)[EDGE_MARK] === true;
}

export type ProxyTrust =
  | { kind: "none" }
  | { kind: "hops"; hops: number }
  | { kind: "ranges"; ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][]; source: string };

/**
 * TRUST_PROXY: unset/empty → no proxy is trusted; a whole number N → the N
 * nearest hops are trusted proxies (`1` for one nginx or one load balancer);
 * a comma-separated list of addresses or CIDR ranges (`10.0.0.0/8, ::1`) →
 * every hop inside them is a trusted proxy.
 */
export function parseProxyTrust(raw: string | undefined): ProxyTrust {
  const value = raw?.trim() ?? "";
  if (value === "" || value === "0" || value === "false") return { kind: "none" };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new Error(`TRUST_PROXY=${value}: at most 10 proxy hops can be trusted.`);
    return { kind: "hops", hops };
  }
  const ranges = value.split(",").map((part) => {
    const entry = part.trim();
    try {
      if (entry.includes("/")) return ipaddr.parseCIDR(entry);
      const address = ipaddr.parse(entry);
      return [address, address.kind() === "ipv4" ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number];
    } catch {
      throw new Error(
        `TRUST_PROXY: "${entry}" is neither a number of hops nor an IP address or CIDR range ` +
          `(examples: TRUST_PROXY=1, TRUST_PROXY=10.0.0.0/8,fd00::/8).`,
      );
    }
  });
  return { kind: "ranges", ranges, source: value };
}

/**
 * A canonical IP address, or null when `raw` is not one. IPv4-mapped IPv6
 * (`::ffff:192.0.2.1`) becomes plain IPv4; IPv6 is written in its short form.
 * A port some proxies append (`192.0.2.1:5678`, `[2001:db8::1]:5678`) is dropped.
 */
export function normalizeIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let value = raw.trim();
  if (value.startsWith("[") && value.includes("]")) value = value.slice(1, value.indexOf("]"));
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  if (value.includes("%")) value = value.slice(0, value.indexOf("%"));
  if (net.isIP(value) === 0) return null;
  return ipaddr.process(value).toString();
}

function inRanges(ip: string, trust: Extract<ProxyTrust, { kind: "ranges" }>) {
  const address = ipaddr.process(ip);
  return trust.ranges.some(([range, bits]) => address.kind() === range.kind() && address.match(range, bits));
}

export interface Caller {
  /** The client's address: always a valid, normalised IP address. */
  ip: string;
  /** The scheme the client used to reach us. */
  proto: "http" | "https";
}

export interface RawRequest {
  socketAddress: string | undefined;
  encrypted: boolean;
  forwardedFor: string | string[] | undefined;
  forwardedProto: string | string[] | undefined;
}

const joined = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(",") : (value ?? ""));
const entries = (value: string | string[] | undefined) =>
  joined(value)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * A proxy connecting to us has a non-public address (loopback, private,
 * unique-local, link-local, carrier-grade NAT): with TRUST_PROXY=N, a peer
 * on a public address is a client that reached the app port directly, and
 * its forwarding headers are its own word.
 */
function mayBeProxy(ip: string) {
  return ["loopback", "private", "uniqueLocal", "linkLocal", "carrierGradeNat"].includes(ipaddr.process(ip).range());
}

/**
 * Walks from the socket leftwards through X-Forwarded-For while the hop is a
 * trusted proxy; the first untrusted hop is the client. Returns null when a
 * trusted proxy wrote an entry that is not an address (a misconfigured
 * chain): charging it to the proxy would put every client in one bucket.
 */
export function resolveCaller(request: RawRequest, trust: ProxyTrust): Caller | null {
  const socket = normalizeIp(request.socketAddress) ?? "0.0.0.0";
  const direct: Caller = { ip: socket, proto: request.encrypted ? "https" : "http" };
  if (trust.kind === "none") return direct;

  const chain = [...entries(request.forwardedFor), socket];
  let index = chain.length - 1;
  let trustedHops = 0;
  const trusted = (ip: string) => (trust.kind === "hops" ? trustedHops < trust.hops && mayBeProxy(ip) : inRanges(ip, trust));
  while (index > 0 && trusted(chain[index])) {
    const next = normalizeIp(chain[index - 1]);
    if (!next) return null;
    chain[index - 1] = next;
    trustedHops++;
    index--;
  }
  if (trustedHops === 0) return direct;
  // The nearest trusted proxy states the scheme it was reached with.
  const proto = entries(request.forwardedProto).at(-1)?.toLowerCase();
  return { ip: chain[index], proto: proto === "https" ? "https" : proto === "http" ? "http" : direct.proto };
}

/**
 * Whether the TCP peer is a proxy TRUST_PROXY names: only then are its
 * X-Forwarded-Host (the host the client asked for) and the rest believed.
 */
export function fromTrustedProxy(socketAddress: string | undefined, trust: ProxyTrust): boolean {
  const socket = normalizeIp(socketAddress);
  if (!socket || trust.kind === "none") return false;
  return trust.kind === "hops" ? trust.hops > 0 && mayBeProxy(socket) : inRanges(socket, trust);
}

/**
 * The key rate limits count under: the address itself for IPv4, its /64 for
 * IPv6 (one subscriber usually holds a whole /64, so per-address limits
 * would be trivially dodged).
 */
export function rateLimitKey(ip: string): string {
  const normalized = normalizeIp(ip);
  if (!normalized) return "unknown";
  const address = ipaddr.parse(normalized);
  if (address.kind() === "ipv4") return normalized;
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(":")}::/64`;
}

export function isLoopback(ip: string): boolean {
  const normalized = normalizeIp(ip);
  return normalized !== null && ipaddr.parse(normalized).range() === "loopback";
}
