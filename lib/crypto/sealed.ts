import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

/**
 * Secrets Tollgate must read back (a workspace's webhook signing secret), stored
 * encrypted: AES-256-GCM under a key derived from AUTH_SECRET with HKDF-SHA-256,
 * bound to where it is stored (the additional data names the row and column, so
 * a value copied to another workspace does not open). A stored value reads
 * `sealed:v1:<key id>:<base64url of iv · tag · ciphertext>`; the key id says
 * which AUTH_SECRET sealed it, so a rotation can open values sealed under a
 * previous one (AUTH_SECRET_PREVIOUS) and reseal them under the current one.
 * Pure: the keyring comes from the caller (lib/crypto/keyring.ts reads the environment).
 */
const PREFIX = "sealed:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Key {
  id: string;
  bytes: Buffer;
}
export interface Keyring {
  /** Seals every new value. */
  current: Key;
  /** Still opens values sealed under them. */
  previous: Key[];
}

export function deriveKey(secret: string): Key {
  const bytes = Buffer.from(hkdfSync("sha256", secret, "tollgate", "secrets at rest v1", 32));
  return { id: createHash("sha256").update(bytes).digest("hex").slice(0, 8), bytes };
}

export function keyringFrom(secret: string, previous: readonly string[] = []): Keyring {
  return { current: deriveKey(secret), previous: previous.filter(Boolean).map(deriveKey) };
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export function seal(keyring: Keyring, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyring.current.bytes, iv).setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${PREFIX}${keyring.current.id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

export class CannotOpen extends Error {}

/** The plaintext; a value from before sealing (no prefix) is returned as it is. Throws CannotOpen for an unknown key or a value altered or moved. */
export function open(keyring: Keyring, stored: string, context: string): string {
  if (!isSealed(stored)) return stored;
  const [id, data] = stored.slice(PREFIX.length).split(":", 2);
  const key = [keyring.current, ...keyring.previous].find((k) => k.id === id);
  if (!key) throw new CannotOpen("it was sealed under an AUTH_SECRET this server does not have (set AUTH_SECRET_PREVIOUS to it)");
  const raw = Buffer.from(data ?? "", "base64url");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.bytes, raw.subarray(0, IV_BYTES)).setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new CannotOpen("it does not open with its key (altered, or copied from another row)");
  }
}

/** Whether a stored value should be sealed again: still plaintext, or sealed under a previous key. */
export function needsReseal(keyring: Keyring, stored: string): boolean {
  return !isSealed(stored) || !stored.startsWith(`${PREFIX}${keyring.current.id}:`);
}
