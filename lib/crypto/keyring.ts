import { env } from "../env";
import { type Keyring, keyringFrom, open, seal } from "./sealed";

let cached: { from: string; ring: Keyring } | null = null;

/** The keyring from AUTH_SECRET (sealing) and AUTH_SECRET_PREVIOUS (comma-separated, opening only). */
export function keyring(): Keyring {
  // Read when used: `npm start` sets a generated local AUTH_SECRET after lib/env.ts has parsed the environment,
  // and prepares the database (resealing secrets) in that same process.
  const secret = env.AUTH_SECRET ?? process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: it is needed to encrypt and read stored secrets (webhook signing secrets).");
  const previous = env.AUTH_SECRET_PREVIOUS || process.env.AUTH_SECRET_PREVIOUS || "";
  const from = `${secret}\n${previous}`;
  if (cached?.from !== from) cached = { from, ring: keyringFrom(secret, previous.split(",")) };
  return cached.ring;
}

/** Where a workspace's webhook signing secret is stored: the additional data that binds its ciphertext to that row. */
export const webhookSecretContext = (workspaceId: string) => `workspace:${workspaceId}:webhookSecret`;

export const sealWebhookSecret = (workspaceId: string, secret: string) => seal(keyring(), secret, webhookSecretContext(workspaceId));
export const openWebhookSecret = (workspaceId: string, stored: string) => open(keyring(), stored, webhookSecretContext(workspaceId));
