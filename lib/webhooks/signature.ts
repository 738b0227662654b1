import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures, as Stripe and GitHub receivers expect them: the header
 * `Tollgate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">`
 * keyed with the workspace's signing secret. The timestamp lets a receiver
 * refuse replays older than a few minutes; the receiver must compare in
 * constant time (verifySignature does).
 */
export const SIGNATURE_HEADER = "Tollgate-Signature";
export const SECRET_PREFIX = "whsec_";

export function newSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString("base64url");
}

export function sign(secret: string, body: string, timestamp: number): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

/** What a receiver runs: true when the header is ours for this body and not older than `toleranceSeconds`. */
export function verifySignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(sign(secret, body, t).split("v1=")[1], "hex");
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Attempt n (1-based) failed: wait base × 4^(n−1), capped at 6 hours; after MAX_ATTEMPTS, give up. */
export const MAX_ATTEMPTS = 6;
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 4 ** (attempt - 1), 6 * 60 * 60 * 1000);
}
