import { db } from "../db/client";
import type { VerifiedToken } from "../tokens/verify";
import type { TokenInfoJson } from "./schemas";

/** Introspection: what the calling token is and what it can reach, never its secret or hash. */
export async function describeToken(token: VerifiedToken): Promise<TokenInfoJson> {
  let access: TokenInfoJson["access"] = { type: "all" };
  if (!token.allResources) {
    // Devices are named by serial on the wire; their internal ids stay private.
    const devices = token.deviceIds.length
      ? await db.device.findMany({
          where: { workspaceId: token.workspaceId, environment: token.environment, id: { in: token.deviceIds } },
          select: { serial: true },
          orderBy: { serial: "asc" },
        })
      : [];
    access = {
      type: "scoped",
      devices: devices.map((d) => d.serial),
      groups: [...token.groupIds].sort(),
      sites: [...token.siteIds].sort(),
    };
  }
  return {
    id: token.id,
    name: token.name,
    type: token.owner ? "personal" : "workspace",
    environment: token.environment,
    workspace: { id: token.workspaceId, name: token.workspaceName },
    scopes: token.scopes,
    access,
    expires_at: token.expiresAt?.toISOString() ?? null,
    created_at: token.createdAt.toISOString(),
    rate_limit: { requests_per_minute: token.rateLimitPerMinute },
    old_value_expires_at: token.oldValueUntil?.toISOString() ?? null,
  };
}
