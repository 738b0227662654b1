import type { Operation } from "@/lib/api/operations";
import { DEFAULT_LIMIT, MAX_LIMIT } from "@/lib/api/pagination";

/** Long copy for /docs/api, kept apart from the page's layout. Examples use the origin the reader is on. */
export const examples = (ORIGIN: string) => [
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
];

const SAMPLE: Record<string, string> = { serial: "ACM-1001", id: "<id from a list>" };

/** Ready-to-paste calls of one operation, in curl, JavaScript, Python and the typed client. */
export function operationExamples(op: Operation, origin: string) {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE[name] ?? `<${name}>`);
  const url = `${origin}${path}${op.paginated ? "?limit=20" : ""}`;
  const method = op.method.toUpperCase();
  const leak = op.public === true;
  const body = leak ? `{"tokens": ["tg_live_…"], "url": "https://example.com/where-it-was-found"}` : op.body ? `{"name": "Dock 7"}` : null;
  const jsBody = leak ? `{ tokens: ["tg_live_…"], url: "https://example.com/where-it-was-found" }` : `{ name: "Dock 7" }`;
  const pyBody = leak ? `{"tokens": ["tg_live_…"], "url": "https://example.com/where-it-was-found"}` : `{"name": "Dock 7"}`;
  const params = [
    ...(/\{(\w+)\}/.exec(op.path) ? [`path: { ${/\{(\w+)\}/.exec(op.path)![1]}: "${SAMPLE[/\{(\w+)\}/.exec(op.path)![1]] ?? "…"}" }`] : []),
    ...(op.paginated ? ["query: { limit: 20 }"] : []),
  ];
  return [
    {
      label: "curl",
      code: `curl${method === "GET" ? "" : ` -X ${method}`} "${url}"${leak ? "" : ` \\\n  -H "Authorization: Bearer $TOLLGATE_TOKEN"`}${
        body ? ` \\\n  -H "Content-Type: application/json" \\\n  -d '${body}'` : ""
      }`,
    },
    {
      label: "JavaScript (fetch)",
      code: `const res = await fetch("${url}", {${method === "GET" ? "" : `\n  method: "${method}",`}
  headers: { ${leak ? "" : `Authorization: \`Bearer \${process.env.TOLLGATE_TOKEN}\`${body ? ", " : ""}`}${body ? `"Content-Type": "application/json"` : ""} },${
    body ? `\n  body: JSON.stringify(${jsBody}),` : ""
  }
});
const body = await res.json();
if (!res.ok) throw new Error(\`\${body.error.code}: \${body.error.message} (\${body.error.request_id})\`);`,
    },
    {
      label: "Python (requests)",
      code: `import os, requests

res = requests.${op.method}(
    "${url}",
    ${leak ? "" : `headers={"Authorization": f"Bearer {os.environ['TOLLGATE_TOKEN']}"},`}${body ? `\n    json=${pyBody},` : ""}
    timeout=10,
)
res.raise_for_status()
print(res.json())`,
    },
    {
      label: "Typed client (clients/typescript)",
      code: `import { tollgate } from "./clients/typescript";

const api = tollgate("${origin}", process.env.TOLLGATE_TOKEN!);
const { data, error } = await api.${method}("${op.path}"${
        params.length || body ? `, {${params.length ? ` params: { ${params.join(", ")} },` : ""}${body ? ` body: ${jsBody},` : ""} }` : ""
      });`,
    },
  ];
}

export const ERROR_EXAMPLE = `HTTP/1.1 403 Forbidden
WWW-Authenticate: Bearer realm="tollgate", error="insufficient_scope", scope="devices:write"
X-Request-Id: 3f1c…
Cache-Control: no-store

{"error": {"code": "forbidden", "message": "This API token lacks the 'devices:write' scope.", "request_id": "3f1c…", "doc_url": "…/docs/api#error-forbidden"}}`;

export const PAGE_EXAMPLE = `{
  "data": [{ "serial": "ACM-1001", "name": "AGV 01", "site_id": "…", "group_ids": ["…"], "created_at": "…" }],
  "next_cursor": "WyJBQ00tMTAwMSJd"
}`;

export const PAGINATION = {
  defaultLimit: DEFAULT_LIMIT,
  maxLimit: MAX_LIMIT,
};
