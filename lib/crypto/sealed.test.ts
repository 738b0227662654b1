import { describe, expect, it } from "vitest";
import { CannotOpen, isSealed, keyringFrom, needsReseal, open, seal } from "./sealed";

const secret = "whsec_0123456789abcdefghijklmnopqrstuv";

describe("sealed secrets", () => {
  it("seal to a value that names its key and hides the plaintext, and open only with the same key and place", () => {
    const ring = keyringFrom("auth-secret-one");
    const sealed = seal(ring, secret, "workspace:a:webhookSecret");
    expect(sealed).toMatch(new RegExp(`^sealed:v1:${ring.current.id}:[A-Za-z0-9_-]+$`));
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(seal(ring, secret, "workspace:a:webhookSecret")).not.toBe(sealed); // a fresh IV each time
    expect(open(ring, sealed, "workspace:a:webhookSecret")).toBe(secret);
    // Moved to another workspace's row: refused.
    expect(() => open(ring, sealed, "workspace:b:webhookSecret")).toThrow(CannotOpen);
    // One bit changed: refused.
    const last = sealed.at(-2) === "A" ? "B" : "A";
    expect(() => open(ring, `${sealed.slice(0, -2)}${last}${sealed.at(-1)}`, "workspace:a:webhookSecret")).toThrow(CannotOpen);
    // Another AUTH_SECRET: says which setting is missing.
    expect(() => open(keyringFrom("auth-secret-two"), sealed, "workspace:a:webhookSecret")).toThrow(/AUTH_SECRET_PREVIOUS/);
  });

  it("rotate: the new ring opens values of the previous secret, and reseals them under the current one", () => {
    const before = keyringFrom("old-secret");
    const stored = seal(before, secret, "ctx");
    const after = keyringFrom("new-secret", ["old-secret"]);
    expect(open(after, stored, "ctx")).toBe(secret);
    expect(needsReseal(after, stored)).toBe(true);
    const resealed = seal(after, open(after, stored, "ctx"), "ctx");
    expect(needsReseal(after, resealed)).toBe(false);
    expect(open(keyringFrom("new-secret"), resealed, "ctx")).toBe(secret);
  });

  it("read a value from before sealing as it is, and mark it for sealing", () => {
    const ring = keyringFrom("s");
    expect(isSealed(secret)).toBe(false);
    expect(open(ring, secret, "ctx")).toBe(secret);
    expect(needsReseal(ring, secret)).toBe(true);
  });
});
