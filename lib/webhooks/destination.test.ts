import { describe, expect, it } from "vitest";
import { isPublicAddress } from "./destination";

describe("isPublicAddress", () => {
  it("takes public unicast IPv4 and IPv6", () => {
    for (const ip of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"]) expect(isPublicAddress(ip), ip).toBe(true);
  });

  it("refuses loopback, private, link-local, CGNAT, multicast and unspecified", () => {
    for (const ip of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "224.0.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fd00::1",
      "fe80::1",
    ]) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
  });

  it("refuses an IPv6 address that embeds a non-public IPv4 one, by every transition scheme", () => {
    for (const ip of [
      "::127.0.0.1", // IPv4-compatible (::/96)
      "::ffff:127.0.0.1", // mapped
      "::ffff:10.0.0.1",
      "64:ff9b::a9fe:a9fe", // NAT64 of 169.254.169.254
      "2002:7f00:1::1", // 6to4 of 127.0.0.1
      "2001:0:4136:e378:8000:63bf:80ff:fffe", // Teredo of 127.0.0.1 (inverted)
      "64:ff9b:1::808:808", // local-use NAT64: where its IPv4 part sits depends on a prefix length we cannot know
    ]) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
    // The same schemes around a public IPv4 address are public.
    expect(isPublicAddress("::ffff:93.184.216.34")).toBe(true);
    expect(isPublicAddress("2002:5db8:d822::1")).toBe(true);
  });

  it("allows loopback only when asked (plain-HTTP loopback webhooks for local development)", () => {
    expect(isPublicAddress("127.0.0.1", true)).toBe(true);
    expect(isPublicAddress("10.0.0.1", true)).toBe(false);
  });
});
