import { insecureRequest } from "../http/https";
import { log } from "../ops/log";
import { metrics } from "../ops/metrics";
import { lastUsed } from "../tokens/last-used";
import { type KnownToken, knownToken, type VerifiedToken } from "../tokens/verify";
import { usage } from "../usage/recorder";
import { authenticate } from "./authenticate";
import { apiError, errorCodeOf, newRequestId } from "./errors";
import { failureResponse } from "./failure";
import { operation, type OperationId } from "./operations";

export interface ApiContext<P> {
  request: Request;
  token: VerifiedToken;
  params: P;
  requestId: string;
  ip: string;
}

/** A route handler that knows which operation it serves, so a test can check the table against the routes. */
export type RouteHandler<P> = ((request: Request, route: { params: Promise<P> }) => Promise<Response>) & {
  operationId: OperationId;
};

interface Finished {
  request: Request;
  requestId: string;
  started: number;
  /** The operation's id, or "method_not_allowed" for a method the path does not take. */
  operation: string;
  /** The path template, e.g. /api/v1/devices/{serial}. */
  route: string;
  /** Who the request was for, once a real token is known. */
  known: { token: KnownToken; ip: string } | null;
}

/** Every API response to a request: a metric, one log line (never the token's value), and a usage record when a real token was presented. */
function finishRequest(f: Finished, response: Response): Response {
  const latencyMs = performance.now() - f.started;
  metrics.apiRequests.inc({ operation: f.operation, status: String(response.status) });
  log.info(
    {
      requestId: f.requestId,
      // A client may send its own id (lib/api/errors.ts): then it is not unique, and another client may reuse it.
      requestIdFrom: f.request.headers.get("x-request-id") === f.requestId ? "client" : "server",
      operation: f.operation,
      status: response.status,
      latencyMs: Math.round(latencyMs * 10) / 10,
      tokenId: f.known?.token.id,
    },
    "api request",
  );
  if (f.known) {
    usage.record({
      workspaceId: f.known.token.workspaceId,
      tokenId: f.known.token.id,
      environment: f.known.token.environment,
      at: new Date(),
      method: f.request.method.slice(0, 16),
      route: f.route,
      status: response.status,
      ip: f.known.ip,
      latencyMs: Math.round(latencyMs),
      requestId: f.requestId,
      code: errorCodeOf(response),
    });
  }
  return response;
}

/**
 * A method the path does not take (405 with Allow). When the request presents
 * credentials they are checked as for any operation (a wrong value counts
 * against the address's failure budget, a real token against its limit), so
 * the token's request list shows the 405 like every other response; the
 * answer stays 405 whatever the check says. Without credentials nothing is
 * counted.
 */
export async function methodNotAllowed(request: Request, route: string, allow: string): Promise<Response> {
  const requestId = newRequestId(request.headers);
  const started = performance.now();
  const response = apiError(
    requestId,
    "method_not_allowed",
    `${request.method.slice(0, 16)} is not allowed here; this path takes ${allow}.`,
    {
      headers: { Allow: allow },
    },
  );
  let known: Finished["known"] = null;
  // Over plain HTTP a token is never looked at (operations answer https_required before reading it).
  if (!insecureRequest(request) && (request.headers.has("authorization") || request.headers.has("x-api-key"))) {
    try {
      const auth = await authenticate(request, requestId, null);
      if (auth.ok) known = { token: knownToken(auth.token), ip: auth.ip };
      else if (auth.token && auth.ip) known = { token: auth.token, ip: auth.ip };
    } catch {
      // The 405 does not depend on the check; a database outage only costs the record.
    }
  }
  return finishRequest({ request, requestId, started, operation: "method_not_allowed", route, known }, response);
}

/**
 * Wraps every /api/v1 handler: HTTPS rule → token → the scope its operation
 * names in lib/api/operations.ts, one error shape, a request id on every
 * response, and no stack traces or secrets in output.
 */
export function apiRoute<P = Record<string, string>>(
  operationId: OperationId,
  handler: (ctx: ApiContext<P>) => Promise<Response>,
): RouteHandler<P> {
  const op = operation(operationId);
  const { scope } = op;
  const personalOnly = "personal" in op && op.personal === true;
  const parameters: readonly string[] = [
    ...("paginated" in op && op.paginated ? ["limit", "cursor"] : []),
    ...("sync" in op && op.sync ? ["updated_since"] : []),
  ];
  const serve = async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    const requestId = newRequestId(request.headers);
    const started = performance.now();
    // Who the request was for, once a real token is known: every response to it becomes a usage record.
    let known: { token: KnownToken; ip: string } | null = null;
    const recorded = (response: Response) =>
      finishRequest({ request, requestId, started, operation: operationId, route: op.path, known }, response);
    try {
      if (insecureRequest(request)) {
        return apiError(requestId, "https_required", "The Tollgate API is served over HTTPS only.");
      }
      const auth = await authenticate(request, requestId, scope, personalOnly);
      if (!auth.ok) {
        if (auth.token && auth.ip) known = { token: auth.token, ip: auth.ip };
        return recorded(auth.response);
      }
      known = { token: knownToken(auth.token), ip: auth.ip };
      // An ignored parameter reads as a filter that silently did nothing (?site_id=… returning every device).
      const unknown = [...new Set(new URL(request.url).searchParams.keys())].filter((name) => !parameters.includes(name));
      if (unknown.length > 0) {
        return recorded(
          apiError(requestId, "invalid_request", `This operation takes no query parameter ${unknown.map((n) => `'${n}'`).join(", ")}.`, {
            details: Object.fromEntries(unknown.map((name) => [name.slice(0, 64), ["Not a parameter of this operation"]])),
            headers: auth.headers,
          }),
        );
      }
      // Only an accepted request is the token's last use: one refused (address, limit, scope, parameters) must not write its address there.
      lastUsed.touch(auth.token.id, auth.ip);
      const response = await handler({ request, token: auth.token, params: await route.params, requestId, ip: auth.ip });
      for (const [name, value] of Object.entries(auth.headers)) response.headers.set(name, value);
      return recorded(response);
    } catch (error) {
      return recorded(failureResponse(requestId, operationId, error));
    }
  };
  return Object.assign(serve, { operationId });
}
