import type { Scope } from "../scopes";

export interface Operation {
  method: "get" | "patch" | "post";
  path: string;
  id: string;
  tag: string;
  summary: string;
  scope: Scope | null;
  /** A schema of lib/api/openapi.ts COMPONENTS. */
  response: string;
  paginated?: boolean;
  /** Takes `?updated_since=` (incremental sync); its items carry updated_at. */
  sync?: boolean;
  body?: boolean;
  /** Only a personal token (tg_user_) may call it: 403 for a workspace token. */
  personal?: boolean;
  /** No token at all (leaked-token reports): no security requirement, no 401/403. */
  public?: boolean;
  /** The request body's schema in COMPONENTS, when it is not RenameRequest. */
  request?: string;
}

/**
 * Every endpoint, once: route files take their scope from here (through
 * lib/api/handlers.ts), the OpenAPI document and the docs page list it, and a
 * test checks each entry against the route file that serves it.
 */
export const OPERATIONS = [
  {
    method: "get",
    path: "/api/v1/token",
    id: "getToken",
    tag: "token",
    summary: "Describe the calling token",
    scope: null,
    response: "TokenInfoResponse",
  },
  {
    method: "get",
    path: "/api/v1/devices",
    id: "listDevices",
    tag: "devices",
    summary: "List reachable devices",
    scope: "devices:read",
    response: "DeviceList",
    paginated: true,
    sync: true,
  },
  {
    method: "get",
    path: "/api/v1/devices/{serial}",
    id: "getDevice",
    tag: "devices",
    summary: "Read a device",
    scope: "devices:read",
    response: "DeviceResponse",
  },
  {
    method: "patch",
    path: "/api/v1/devices/{serial}",
    id: "renameDevice",
    tag: "devices",
    summary: "Rename a device",
    scope: "devices:write",
    response: "DeviceResponse",
    body: true,
  },
  {
    method: "get",
    path: "/api/v1/groups",
    id: "listGroups",
    tag: "groups",
    summary: "List reachable groups",
    scope: "groups:read",
    response: "GroupList",
    paginated: true,
    sync: true,
  },
  {
    method: "get",
    path: "/api/v1/groups/{id}",
    id: "getGroup",
    tag: "groups",
    summary: "Read a group and its devices",
    scope: "groups:read",
    response: "GroupResponse",
  },
  {
    method: "patch",
    path: "/api/v1/groups/{id}",
    id: "renameGroup",
    tag: "groups",
    summary: "Rename a group",
    scope: "groups:write",
    response: "GroupResponse",
    body: true,
  },
  {
    method: "get",
    path: "/api/v1/sites",
    id: "listSites",
    tag: "sites",
    summary: "List reachable sites",
    scope: "sites:read",
    response: "SiteList",
    paginated: true,
    sync: true,
  },
  {
    method: "get",
    path: "/api/v1/sites/{id}",
    id: "getSite",
    tag: "sites",
    summary: "Read a site",
    scope: "sites:read",
    response: "SiteResponse",
  },
  {
    method: "patch",
    path: "/api/v1/sites/{id}",
    id: "renameSite",
    tag: "sites",
    summary: "Rename a site",
    scope: "sites:write",
    response: "SiteResponse",
    body: true,
  },
  {
    method: "get",
    path: "/api/v1/audit-events",
    id: "listAuditEvents",
    tag: "audit",
    summary: "List token events, newest first",
    scope: "audit:read",
    response: "AuditEventList",
    paginated: true,
  },
  {
    method: "post",
    path: "/api/v1/revocations",
    id: "reportLeakedTokens",
    tag: "revocations",
    summary: "Report leaked tokens (no authentication)",
    scope: null,
    response: "RevocationReportResponse",
    body: true,
    request: "RevocationReport",
    public: true,
  },
  {
    method: "get",
    path: "/api/v1/user/me",
    id: "getCurrentUser",
    tag: "user",
    summary: "Describe the person a personal token acts as",
    scope: null,
    response: "CurrentUserResponse",
    personal: true,
  },
  {
    method: "get",
    path: "/api/v1/user/tokens",
    id: "listOwnTokens",
    tag: "user",
    summary: "List the caller's own personal tokens, masked",
    scope: null,
    response: "OwnTokenList",
    personal: true,
  },
] as const satisfies readonly Operation[];

export type OperationId = (typeof OPERATIONS)[number]["id"];

export function operation(id: OperationId): Operation {
  return OPERATIONS.find((op) => op.id === id)!;
}
