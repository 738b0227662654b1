import { apiError, baseHeaders, newRequestId } from "./errors";

/**
 * RFC 9110 for every /api/v1 path: the methods a route serves, OPTIONS
 * answering with Allow, HEAD from GET (Next.js does that), and 405 with
 * Allow and the API's error shape for every other method.
 */
type Handler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Served = Partial<Record<"GET" | "PATCH" | "POST", Handler>>;
type Refusal = () => Promise<Response>;

/** The methods Next.js can route, in the order Allow lists them. */
export const ROUTABLE_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** The Allow header for a path that serves `methods`: with HEAD when it serves GET, and always OPTIONS. */
export function allowHeader(methods: readonly string[]): string {
  return ROUTABLE_METHODS.filter((m) => methods.includes(m) || (m === "HEAD" && methods.includes("GET")) || m === "OPTIONS").join(", ");
}

export function allowed(served: Served): string {
  return allowHeader(Object.keys(served));
}

export function methodNotAllowed(allow: string, method: string) {
  return apiError(newRequestId(), "method_not_allowed", `${method} is not allowed here; this path takes ${allow}.`, {
    headers: { Allow: allow },
  });
}

/** Every method Next.js lets a route export: the served ones, OPTIONS, and 405 for the rest. */
export function routeMethods<S extends Served>(served: S) {
  const allow = allowed(served);
  const refuse = (method: string) => async () => methodNotAllowed(allow, method);
  const options = async () => new Response(null, { status: 204, headers: { ...baseHeaders(newRequestId()), Allow: allow } });
  return {
    GET: served.GET ?? refuse("GET"),
    PATCH: served.PATCH ?? refuse("PATCH"),
    POST: served.POST ?? refuse("POST"),
    PUT: refuse("PUT"),
    DELETE: refuse("DELETE"),
    OPTIONS: options,
  } as {
    GET: S["GET"] extends Handler ? S["GET"] : Refusal;
    PATCH: S["PATCH"] extends Handler ? S["PATCH"] : Refusal;
    POST: S["POST"] extends Handler ? S["POST"] : Refusal;
  } & Record<"PUT" | "DELETE" | "OPTIONS", Refusal>;
}
