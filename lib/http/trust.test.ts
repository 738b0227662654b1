import { describe, expect, it } from "vitest";
import { isLoopback, normalizeIp, parseProxyTrust, rateLimitKey, resolveCaller, type RawRequest } from "./trust";

const request = (overrides: Partial<RawRequest>): RawRequest => ({
  socketAddress: "198.51.100.7",
  encrypted: false,
  forwardedFor: undefined,
  forwardedProto: undefined,
  ...overrides,
});

describe("normalizeIp", () => {
  it("accepts IPv4 and IPv6, unwraps IPv4-mapped IPv6 and refuses anything else", () => {
    expect(normalizeIp("203.0.113.9")).toBe("203.0.113.9");
    expect(normalizeIp("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(normalizeIp("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(normalizeIp("[2001:db8::1]")).toBe("2001:db8::1");
    for (const bad of ["", "unknown", "<script>", "203.0.113.9 OR 1=1", "999.1.1.1", "example.com", "1.2.3"]) {
      expect(normalizeIp(bad)).toBeNull();
    }
  });
});

describe("resolveCaller without a trusted proxy", () => {
  it("is the socket, whatever the forwarding headers claim", () => {
    const caller = resolveCaller(request({ forwardedFor: "127.0.0.1", forwardedProto: "https" }), parseProxyTrust(undefined));
    expect(caller).toEqual({ ip: "198.51.100.7", proto: "http" });
  });

  it("normalises an IPv4-mapped socket address", () => {
    expect(resolveCaller(request({ socketAddress: "::ffff:10.1.2.3" }), { kind: "none" })?.ip).toBe("10.1.2.3");
  });
});

describe("resolveCaller behind trusted hops", () => {
  const oneHop = parseProxyTrust("1");

  it("takes the entry the nearest proxy appended, not the client's own prefix", () => {
    // nginx's $proxy_add_x_forwarded_for: the client sent "127.0.0.1", nginx appended the real peer.
    const caller = resolveCaller(
      request({ socketAddress: "10.0.0.2", forwardedFor: "127.0.0.1, 203.0.113.50", forwardedProto: "https" }),
      oneHop,
    );
    expect(caller).toEqual({ ip: "203.0.113.50", proto: "https" });
  });

  it("skips exactly N hops", () => {
    const caller = resolveCaller(
      request({ socketAddress: "10.0.0.2", forwardedFor: "6.6.6.6, 203.0.113.50, 10.0.0.9" }),
      parseProxyTrust("2"),
    );
    expect(caller?.ip).toBe("203.0.113.50");
  });

  it("falls back to the socket when the proxy sent no X-Forwarded-For", () => {
    expect(resolveCaller(request({ socketAddress: "10.0.0.2" }), oneHop)?.ip).toBe("10.0.0.2");
  });

  it("refuses a chain whose trusted hop wrote something that is not an address, rather than blame the proxy", () => {
    expect(resolveCaller(request({ socketAddress: "10.0.0.2", forwardedFor: "unix:" }), oneHop)).toBeNull();
    // What the client wrote further left is never read.
    expect(resolveCaller(request({ socketAddress: "10.0.0.2", forwardedFor: "x'); DROP--, 203.0.113.50" }), oneHop)?.ip).toBe(
      "203.0.113.50",
    );
  });

  it("accepts the ip:port entries some load balancers append", () => {
    expect(resolveCaller(request({ socketAddress: "10.0.0.2", forwardedFor: "203.0.113.50:61234" }), oneHop)?.ip).toBe("203.0.113.50");
    expect(resolveCaller(request({ socketAddress: "10.0.0.2", forwardedFor: "[2001:db8::7]:61234" }), oneHop)?.ip).toBe("2001:db8::7");
  });

  it("does not take a public peer for a proxy: it reached the app port directly", () => {
    const caller = resolveCaller(request({ socketAddress: "198.51.100.7", forwardedFor: "127.0.0.1", forwardedProto: "https" }), oneHop);
    expect(caller).toEqual({ ip: "198.51.100.7", proto: "http" });
  });
});

describe("resolveCaller behind trusted ranges", () => {
  const ranges = parseProxyTrust("10.0.0.0/8, fd00::/8");

  it("walks left through every trusted proxy to the first untrusted hop", () => {
    const caller = resolveCaller(
      request({ socketAddress: "10.0.0.2", forwardedFor: "6.6.6.6, 203.0.113.50, 10.9.9.9", forwardedProto: "https" }),
      ranges,
    );
    expect(caller?.ip).toBe("203.0.113.50");
    expect(caller?.proto).toBe("https");
  });

  it("ignores forwarding headers from a peer outside the ranges", () => {
    const caller = resolveCaller(request({ socketAddress: "203.0.113.9", forwardedFor: "10.1.1.1", forwardedProto: "https" }), ranges);
    expect(caller).toEqual({ ip: "203.0.113.9", proto: "http" });
  });

  it("matches IPv6 proxies", () => {
    const caller = resolveCaller(request({ socketAddress: "fd00::5", forwardedFor: "2001:db8::7" }), ranges);
    expect(caller?.ip).toBe("2001:db8::7");
  });
});

describe("parseProxyTrust", () => {
  it("refuses settings it cannot read, saying what it expects", () => {
    expect(() => parseProxyTrust("yes please")).toThrow(/number of hops/);
    expect(() => parseProxyTrust("11")).toThrow(/at most 10/);
    expect(parseProxyTrust("0")).toEqual({ kind: "none" });
  });
});

describe("rateLimitKey and isLoopback", () => {
  it("buckets IPv6 per /64 and IPv4 per address", () => {
    expect(rateLimitKey("2001:db8:1:2:aaaa::1")).toBe(rateLimitKey("2001:db8:1:2:bbbb::9"));
    expect(rateLimitKey("2001:db8:1:2::1")).not.toBe(rateLimitKey("2001:db8:1:3::1"));
    expect(rateLimitKey("203.0.113.9")).toBe("203.0.113.9");
  });

  it("knows loopback only by address", () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopback("localhost")).toBe(false);
    expect(isLoopback("10.0.0.1")).toBe(false);
  });
});
