import { apiError, newRequestId } from "./errors";
import { allowHeader, ROUTABLE_METHODS } from "./methods";
import { OPERATIONS } from "./operations";

/**
 * What server.ts does for /api/v1 before Next.js sees a request: a trailing
 * slash is dropped (Next.js would answer a bare 308), and a method Next.js
 * cannot route (TRACE, CONNECT, anything unknown) gets the API's JSON 405
 * with the path's Allow, or its 404, instead of a text 500.
 */
const ROUTABLE = new Set<string>(ROUTABLE_METHODS);

function allowFor(pathname: string): string | null {
  if (pathname === "/api/v1/openapi.json") return allowHeader(["GET"]);
  const methods = OPERATIONS.filter((op) => new RegExp(`^${op.path.replace(/\{\w+\}/g, "[^/]+")}$`).test(pathname)).map((op) =>
    op.method.toUpperCase(),
  );
  if (methods.length === 0) return null;
  return allowHeader(methods);
}

export type EdgeDecision = { pass: string } | { refuse: Response };

export function apiEdge(method: string, url: string): EdgeDecision {
  const [path, query] = url.split(/\?(.*)/s, 2);
  if (!(path === "/api/v1" || path.startsWith("/api/v1/"))) return { pass: url };
  const trimmed = path.length > 1 && path.endsWith("/") ? path.replace(/\/+$/, "") : path;
  const target = query === undefined ? trimmed : `${trimmed}?${query}`;
  if (ROUTABLE.has(method)) return { pass: target };
  const allow = allowFor(trimmed);
  if (!allow) return { refuse: apiError(newRequestId(), "not_found", "There is no such API endpoint. See /api/v1/openapi.json.") };
  return {
    refuse: apiError(newRequestId(), "method_not_allowed", `${method.slice(0, 16)} is not allowed here; this path takes ${allow}.`, {
      headers: { Allow: allow },
    }),
  };
}
