import { z } from "zod";

/**
 * The one scope catalogue: the Developers-tab checkboxes, the zod enum, the
 * API's checks and the OpenAPI document are all built from it.
 */
export const SCOPE_GROUPS = [
  {
    resource: "devices",
    label: "Devices",
    scopes: [
      { id: "devices:read", label: "Read devices", description: "List devices and read one by serial number." },
      { id: "devices:write", label: "Rename devices", description: "Change a device's name." },
    ],
  },
  {
    resource: "groups",
    label: "Device groups",
    scopes: [
      { id: "groups:read", label: "Read groups", description: "List device groups and their devices." },
      { id: "groups:write", label: "Rename groups", description: "Change a device group's name." },
    ],
  },
  {
    resource: "sites",
    label: "Sites",
    scopes: [
      { id: "sites:read", label: "Read sites", description: "List sites and read one by id." },
      { id: "sites:write", label: "Rename sites", description: "Change a site's name." },
    ],
  },
  {
    resource: "audit",
    label: "Audit log",
    scopes: [
      {
        id: "audit:read",
        label: "Read audit events",
        description: "Read the workspace's token events.",
        // The log names people and addresses across the workspace: not for a token limited to a few resources,
        // and it is the live workspace's record: not for a test token, which is kept off live data.
        allResourcesOnly: true,
        liveOnly: true,
      },
    ],
  },
] as const;

export type ScopeGroup = (typeof SCOPE_GROUPS)[number];
export type Scope = ScopeGroup["scopes"][number]["id"];

export const SCOPES = SCOPE_GROUPS.flatMap((g) => g.scopes.map((s) => s.id)) as [Scope, ...Scope[]];
export const scopeSchema = z.enum(SCOPES);

/** Scopes that reach the whole workspace, so only a token with access to all resources may hold them. */
const ALL_RESOURCES_ONLY_SCOPES = SCOPE_GROUPS.flatMap((g) =>
  g.scopes.filter((s) => "allResourcesOnly" in s && s.allResourcesOnly).map((s) => s.id as Scope),
);

export const ALL_RESOURCES_ONLY_REASON =
  "Audit events cover the whole workspace, so only a token with access to all resources can read them.";

export function needsAllResources(scope: Scope): boolean {
  return ALL_RESOURCES_ONLY_SCOPES.includes(scope);
}

const LIVE_ONLY_SCOPES = SCOPE_GROUPS.flatMap((g) => g.scopes.filter((s) => "liveOnly" in s && s.liveOnly).map((s) => s.id as Scope));

export const LIVE_ONLY_REASON =
  "The audit log is the live workspace's record (its people, tokens and addresses), so a test token cannot read it.";

/**
 * Why a token of this reach and environment cannot hold the scope, or null:
 * the one rule behind the form's dimmed boxes, the create check and the API's 403.
 */
export function scopeRefusal(scope: Scope, token: { allResources: boolean; environment: "live" | "test" }): string | null {
  if (!token.allResources && needsAllResources(scope)) return ALL_RESOURCES_ONLY_REASON;
  if (token.environment === "test" && LIVE_ONLY_SCOPES.includes(scope)) return LIVE_ONLY_REASON;
  return null;
}

function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Scopes are stored as one space-separated column (as in OAuth's `scope`). */
export function serializeScopes(scopes: readonly Scope[]): string {
  return SCOPES.filter((s) => scopes.includes(s)).join(" ");
}

export function parseScopes(stored: string): Scope[] {
  return stored.split(" ").filter(isScope);
}

export function describeScope(scope: Scope): string {
  for (const group of SCOPE_GROUPS) for (const s of group.scopes) if (s.id === scope) return s.description;
  return scope;
}
