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
        // The log names people and addresses across the workspace: not for a token limited to a few resources.
        allResourcesOnly: true,
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
