import { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import type { Environment } from "../environments";

/**
 * Token shape: `tg_live_` (or `tg_test_` for the test environment, `tg_user_` for a personal token)
 * + 27 base62 characters of randomness (> 160 bits)
 * + 6 base62 characters of CRC32 over everything before them. The checksum
 * lets a typo or a forged string be refused without a database lookup, and
 * the fixed prefix lets secret scanners recognise a leaked Tollgate token.
 */
const PREFIX_LENGTH = "tg_live_".length;
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RANDOM_LENGTH = 27;
export const CHECKSUM_LENGTH = 6;
export const TOKEN_LENGTH = PREFIX_LENGTH + RANDOM_LENGTH + CHECKSUM_LENGTH;
export const TOKEN_PATTERN = /^tg_(live|test|user)_[0-9A-Za-z]{33}$/;
/** For scanning text (logs, pages) for a leaked value. */
export const TOKEN_IN_TEXT = /tg_(?:live|test|user)_[0-9A-Za-z]{33}/g;

/** A workspace token (acting for the workspace, in one environment) or a personal one (acting as one person, in live). */
export type TokenKind = "workspace" | "personal";
export const PERSONAL_PREFIX = "tg_user_";

export function tokenPrefix(environment: Environment, kind: TokenKind = "workspace") {
  return kind === "personal" ? PERSONAL_PREFIX : `tg_${environment}_`;
}

/** The environment a well-formed token was issued in, from its prefix; personal tokens act in live. */
export function tokenEnvironment(token: string): Environment {
  return token.startsWith("tg_test_") ? "test" : "live";
}

export function toBase62(value: number, width: number): string {
  let out = "";
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 × 62: rejecting larger bytes keeps every character equally likely.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export function checksum(body: string): string {
  return toBase62(crc32(body), CHECKSUM_LENGTH);
}

export function generateToken(environment: Environment = "live", kind: TokenKind = "workspace"): string {
  const body = tokenPrefix(environment, kind) + randomBase62(RANDOM_LENGTH);
  return body + checksum(body);
}

export type ParseResult = { ok: true; token: string } | { ok: false; reason: "malformed" | "checksum" };

/** Pure, constant-size work: no database is needed to refuse a bad token. */
export function parseToken(candidate: string): ParseResult {
  if (candidate.length !== TOKEN_LENGTH || !TOKEN_PATTERN.test(candidate)) return { ok: false, reason: "malformed" };
  const body = candidate.slice(0, -CHECKSUM_LENGTH);
  if (checksum(body) !== candidate.slice(-CHECKSUM_LENGTH)) return { ok: false, reason: "checksum" };
  return { ok: true, token: candidate };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface TokenDisplay {
  prefix: string;
  lastFour: string;
}

export function displayParts(token: string): TokenDisplay {
  return { prefix: token.slice(0, PREFIX_LENGTH + 4), lastFour: token.slice(-4) };
}

export function maskToken({ prefix, lastFour }: TokenDisplay): string {
  return `${prefix}…${lastFour}`;
}
