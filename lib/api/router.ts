import { Hono } from "hono";
import { ENDPOINTS } from "./endpoints";
import { acceptHeaders } from "./body";
import { apiError, baseHeaders, JSON_TYPE, newRequestId } from "./errors";
import { failureResponse } from "./failure";
import { allowHeader } from "./methods";
import { openApiDocument } from "./openapi";
import { OPERATIONS } from "./operations";
import { methodNotAllowed } from "./route";

/**
 * /api/v1 on a lean router (Hono), off Next.js's request pipeline: server.ts
 * hands every /api/v1 request here after the edge has decided who is calling,
 * and Next.js's catch-all route does the same under `next dev`. One table
 * (lib/api/operations.ts + lib/api/endpoints.ts) decides routing, 404, 405
 * with Allow, OPTIONS and HEAD (Hono answers HEAD from GET, without a body).
 */
const SECURITY_HEADERS: Record<string, string> = {
  // The API runs no script and is never framed (what next.config.ts sends with pages).
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Content-Type-Options": "nosniff",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
};

const NO_SUCH_ENDPOINT = "There is no such API endpoint. See /api/v1/openapi.json.";

function buildRouter() {
  const app = new Hono({ strict: false });
  app.use(async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  });

  // Public and the same for everyone: no token, and caches may keep it briefly.
  app.get("/api/v1/openapi.json", (c) => {
    const headers = { ...baseHeaders(newRequestId(c.req.raw.headers)), "Content-Type": JSON_TYPE, "Cache-Control": "public, max-age=300" };
    return new Response(JSON.stringify(openApiDocument()), { status: 200, headers });
  });
  routeRest(app, "/api/v1/openapi.json", allowHeader(["GET"]));

  const paths = new Map<string, (typeof OPERATIONS)[number][]>();
  for (const op of OPERATIONS) paths.set(op.path, [...(paths.get(op.path) ?? []), op]);
  for (const [path, ops] of paths) {
    const route = path.replace(/\{(\w+)\}/g, ":$1");
    for (const op of ops) {
      const endpoint = ENDPOINTS[op.id];
      app.on(op.method.toUpperCase(), route, (c) => endpoint(c.req.raw, { params: Promise.resolve(c.req.param()) }));
    }
    routeRest(app, path, allowHeader(ops.map((op) => op.method.toUpperCase())));
  }

  app.notFound((c) => apiError(newRequestId(c.req.raw.headers), "not_found", NO_SUCH_ENDPOINT));
  // Handlers answer their own errors (lib/api/route.ts); this is the net under the router itself.
  app.onError((error, c) => failureResponse(newRequestId(c.req.raw.headers), "router", error));
  return app;
}

/** OPTIONS with Allow (and Accept-Patch where PATCH is allowed), and 405 with Allow for any other method on a path that exists. */
function routeRest(app: Hono, template: string, allow: string) {
  const route = template.replace(/\{(\w+)\}/g, ":$1");
  const patchable = allow.split(", ").includes("PATCH") ? acceptHeaders("PATCH") : {};
  app.options(
    route,
    (c) => new Response(null, { status: 204, headers: { ...baseHeaders(newRequestId(c.req.raw.headers)), Allow: allow, ...patchable } }),
  );
  app.all(route, (c) => methodNotAllowed(c.req.raw, template, allow));
}

const holder = globalThis as unknown as { tollgateApiRouter?: ReturnType<typeof buildRouter> };
/** The router, built once per process. */
export function apiRouter() {
  holder.tollgateApiRouter ??= buildRouter();
  return holder.tollgateApiRouter;
}

/** Whether a path belongs to the API (and so to this router). */
export function isApiPath(pathname: string) {
  return pathname === "/api/v1" || pathname.startsWith("/api/v1/");
}
