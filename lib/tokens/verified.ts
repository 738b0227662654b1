import type { Environment } from "../environments";
import type { Role } from "../roles";
import type { Scope } from "../scopes";
import type { OwnerProblem } from "./personal";

// What verification yields (lib/tokens/verify.ts), in a module of its own so
// that the cache and the revocation listener can name it without importing
// the verifier (which imports them).

export interface VerifiedToken {
  id: string;
  name: string;
  workspaceId: string;
  workspaceName: string;
  workspaceSuspended: boolean;
  /** live or test: which copy of the workspace's resources it reaches. */
  environment: Environment;
  /** Requests per minute allowed; 0: unlimited (lib/tokens/request-limit.ts). */
  rateLimitPerMinute: number;
  scopes: Scope[];
  allResources: boolean;
  expiresAt: Date | null;
  createdAt: Date;
  deviceIds: string[];
  groupIds: string[];
  siteIds: string[];
  /** Normalised addresses and ranges allowed to use it; empty: any address. */
  ipAllowlist: string[];
  /** Set when the presented value is the one replaced by the last regeneration: it works until then (a rotation overlap). */
  oldValueUntil: Date | null;
  /**
   * A personal token's owner as of the read (role, and what stops the token);
   * null for a workspace token. Every change to a membership or to the
   * workspace setting evicts the workspace's tokens on every server, so a
   * cached entry never outlives the state it was read with.
   */
  owner: { id: string; name: string; email: string; role: Role | null; problem: OwnerProblem | null } | null;
}

/** Which token a refusal was about, when the value was a real one: usage records count refused requests too. */
export interface KnownToken {
  id: string;
  workspaceId: string;
  environment: Environment;
}

export type Refusal =
  | { reason: "malformed" }
  | { reason: "checksum" }
  | { reason: "unknown" }
  | { reason: "expired"; expiredAt: Date; token: KnownToken }
  | { reason: "suspended"; token: KnownToken }
  | { reason: OwnerProblem; token: KnownToken };

export const knownToken = (t: VerifiedToken): KnownToken => ({ id: t.id, workspaceId: t.workspaceId, environment: t.environment });
