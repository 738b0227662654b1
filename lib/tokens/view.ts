import type { Environment } from "../environments";
import type { Role } from "../roles";
import type { Scope } from "../scopes";

/** What the Developers tab may show of a token: never its hash or secret. */
export interface TokenView {
  id: string;
  name: string;
  description: string;
  masked: string;
  scopes: Scope[];
  access: { all: boolean; devices: number; groups: number; sites: number };
  /** active: still an active member; removed: no longer in the workspace at all. */
  createdBy: { name: string; email: string; active: boolean; removed?: boolean } | null;
  createdAt: string;
  /** When the current value was issued: creation or the last regeneration. */
  issuedAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  /** While a rotation overlap runs: when the value before the last regeneration stops working. */
  oldValueExpiresAt: string | null;
  /** Addresses and ranges allowed to use it; empty: any address. */
  ipAllowlist: string[];
  environment: Environment;
  /** Its own requests-per-minute limit; null: the server default. */
  rateLimitPerMinute: number | null;
  version: number;
}

/** A personal token as the Developers tab shows it: with its owner and whether it works now. */
export interface PersonalTokenView extends TokenView {
  owner: {
    id: string;
    name: string;
    email: string;
    role: Role | null;
    /** active; or why it is refused now: the owner was removed or deactivated, or members' personal tokens are off. */
    status: "active" | "removed" | "deactivated" | "setting_off";
  };
}

export interface ActivityView {
  id: string;
  action: string;
  /** The token, person or workspace the event is about. */
  tokenName: string;
  /** What changed, where the verb alone does not say ("to admin"). */
  detail: string | null;
  actorEmail: string;
  actorName: string;
  ip: string | null;
  createdAt: string;
}

export function describeAccess(access: TokenView["access"]): string {
  if (access.all) return "All devices, groups and sites";
  const parts: string[] = [];
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (access.devices) parts.push(plural(access.devices, "device", "devices"));
  if (access.groups) parts.push(plural(access.groups, "group", "groups"));
  if (access.sites) parts.push(plural(access.sites, "site", "sites"));
  return parts.join(", ") || "No resources";
}
