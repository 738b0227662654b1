import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { Agent } from "undici";

/**
 * Where a webhook may connect: public unicast addresses only. The check is
 * made on the address the connection actually uses (undici's connect-time
 * lookup), so a name that answers public for one lookup and loopback for
 * the next (DNS rebinding) cannot reach 127.0.0.1 or the local network.
 */

/** The IPv4 address an IPv6 address carries inside it, by the transition schemes that embed one. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = address.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  // ::a.b.c.d (IPv4-compatible, deprecated) and ::ffff:a.b.c.d (mapped).
  if (p.slice(0, 5).every((x) => x === 0) && (p[5] === 0 || p[5] === 0xffff)) return v4(p[6], p[7]);
  // 64:ff9b::/96 (NAT64, RFC 6052): the last 32 bits.
  if (p[0] === 0x64 && p[1] === 0xff9b && p.slice(2, 6).every((x) => x === 0)) return v4(p[6], p[7]);
  // 2002::/16 (6to4): the IPv4 address is bits 16-47.
  if (p[0] === 0x2002) return v4(p[1], p[2]);
  // 2001:0::/32 (Teredo): the client's address is the last 32 bits, inverted.
  if (p[0] === 0x2001 && p[1] === 0) return v4(p[6] ^ 0xffff, p[7] ^ 0xffff);
  return null;
}

/** Whether `ip` is a public unicast address, including any IPv4 address embedded in an IPv6 one. */
export function isPublicAddress(ip: string, allowLoopback = false): boolean {
  if (isIP(ip) === 0) return false;
  const address = ipaddr.parse(ip);
  const range = address.range();
  if (allowLoopback && range === "loopback") return true;
  if (address.kind() === "ipv6") {
    // 64:ff9b:1::/48 (local-use NAT64) places its IPv4 address by prefix length, which we cannot know: never public.
    const parts = (address as ipaddr.IPv6).parts;
    if (parts[0] === 0x64 && parts[1] === 0xff9b && parts[2] === 1) return false;
    const inner = embeddedIPv4(address as ipaddr.IPv6);
    // ::/96 with a zero IPv4 part is :: itself or ::1-like: never public.
    if (inner) return isPublicAddress(inner.toString(), allowLoopback);
  }
  return range === "unicast";
}

type Resolve = (hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;

const systemResolve: Resolve = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

/**
 * A `lookup` for a socket's connect: resolves the name, refuses the
 * connection unless every answer is public, and connects to what it checked.
 */
export function checkedLookup(allowLoopback: boolean, resolve: Resolve = systemResolve) {
  return (
    hostname: string,
    options: { all?: boolean; family?: number | string },
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const bad = addresses.find((a) => !isPublicAddress(a.address, allowLoopback));
      if (addresses.length === 0 || bad) {
        const refused = Object.assign(new Error(`${hostname} resolves to a private or local address`), { code: "EWEBHOOKPRIVATE" });
        return callback(refused, "", 0);
      }
      if (options?.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** The connection pool webhook deliveries go through: every connection is to a checked, public address. */
export function webhookAgent(allowLoopback: boolean, resolve?: Resolve) {
  return new Agent({ connect: { lookup: checkedLookup(allowLoopback, resolve) }, connections: 64 });
}
