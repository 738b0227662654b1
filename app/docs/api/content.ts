import { DEFAULT_LIMIT, MAX_LIMIT } from "@/lib/api/pagination";

/** Long copy for /docs/api, kept apart from the page's layout. */
const ORIGIN = "https://tollgate.example";

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
