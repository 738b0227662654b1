import type { ApiErrorCode } from "@/lib/api/errors";
import { MAX_BODY_BYTES } from "@/lib/api/body";
import { DEFAULT_LIMIT, MAX_LIMIT } from "@/lib/api/pagination";

/** Long copy for /docs/api, kept apart from the page's layout. */
export const ORIGIN = "https://tollgate.example";
export const TOKEN = "tg_live_…";

export const EXAMPLES = [
  {
    id: "curl",
    label: "curl",
    code: `curl ${ORIGIN}/api/v1/devices?limit=20 \\
  -H "Authorization: Bearer $TOLLGATE_TOKEN"

# Same request with the other header
curl ${ORIGIN}/api/v1/devices?limit=20 \\
  -H "x-api-key: $TOLLGATE_TOKEN"

# Rename a device (needs devices:write)
curl -X PATCH ${ORIGIN}/api/v1/devices/ACM-1001 \\
  -H "Authorization: Bearer $TOLLGATE_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{"name": "Dock 7"}'`,
  },
  {
    id: "javascript",
    label: "JavaScript (fetch)",
    code: `const headers = { Authorization: \`Bearer \${process.env.TOLLGATE_TOKEN}\` };

// Walk every page of devices.
const devices = [];
let cursor = null;
do {
  const url = new URL("${ORIGIN}/api/v1/devices");
  url.searchParams.set("limit", "100");
  if (cursor) url.searchParams.set("cursor", cursor);
  const res = await fetch(url, { headers });
  const body = await res.json();
  if (!res.ok) throw new Error(\`\${body.error.code}: \${body.error.message}\`);
  devices.push(...body.data);
  cursor = body.next_cursor;
} while (cursor);`,
  },
  {
    id: "python",
    label: "Python (requests)",
    code: `import os
import requests

session = requests.Session()
session.headers["Authorization"] = f"Bearer {os.environ['TOLLGATE_TOKEN']}"

devices, cursor = [], None
while True:
    params = {"limit": 100, **({"cursor": cursor} if cursor else {})}
    res = session.get("${ORIGIN}/api/v1/devices", params=params, timeout=10)
    res.raise_for_status()
    body = res.json()
    devices.extend(body["data"])
    cursor = body["next_cursor"]
    if not cursor:
        break`,
  },
] as const;

export const ERRORS: { code: ApiErrorCode; status: number; when: string }[] = [
  { code: "invalid_request", status: 400, when: `Bad limit or cursor, a PATCH body that is not JSON, over ${MAX_BODY_BYTES / 1024} KB or has an invalid name, or two different tokens in the two headers. details names each field.` },
  { code: "unauthorized", status: 401, when: "No token, a malformed token or a wrong checksum, an unknown, deleted or regenerated token, an expired token, or a suspended workspace." },
  { code: "forbidden", status: 403, when: "The token lacks the scope the endpoint needs; the message and WWW-Authenticate name it." },
  { code: "https_required", status: 403, when: "The request arrived over plain HTTP." },
  { code: "not_found", status: 404, when: "The resource does not exist, belongs to another workspace, or is outside the token's reach. The three are indistinguishable." },
  { code: "rate_limited", status: 429, when: "Too many failed authentications from your address; wait for Retry-After seconds." },
  { code: "internal_error", status: 500, when: "Something failed on our side; quote the X-Request-Id header." },
];

export const ERROR_EXAMPLE = `HTTP/1.1 403 Forbidden
WWW-Authenticate: Bearer realm="tollgate", error="insufficient_scope", scope="devices:write"
X-Request-Id: 3f1c…
Cache-Control: no-store

{"error": {"code": "forbidden", "message": "This API token lacks the 'devices:write' scope."}}`;

export const PAGE_EXAMPLE = `{
  "data": [{ "serial": "ACM-1001", "name": "AGV 01", "site_id": "…", "group_ids": ["…"], "created_at": "…" }],
  "next_cursor": "WyJBQ00tMTAwMSJd"
}`;

export const PAGINATION = {
  defaultLimit: DEFAULT_LIMIT,
  maxLimit: MAX_LIMIT,
};
