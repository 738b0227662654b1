import type { Environment } from "../environments";
import type { Scope } from "../scopes";

/** What the Developers tab may show of a token: never its hash or secret. */
export interface TokenView {
  id: string;
  name: string;
  description: string;
  masked: string;
  scopes: Scope[];
  access: { all: boolean; devices: number; groups: number; sites: number };
  createdBy: { name: string; email: string; active: boolean } | null;
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

export interface ActivityView {
  id: string;
  action: string;
  tokenName: string;
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
