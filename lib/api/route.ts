import { insecureRequest } from "../http/https";
import { log } from "../ops/log";
import { metrics } from "../ops/metrics";
import { lastUsed } from "../tokens/last-used";
import { type KnownToken, knownToken, type VerifiedToken } from "../tokens/verify";
import { usage } from "../usage/recorder";
import { authenticate } from "./authenticate";
import { apiError, newRequestId } from "./errors";
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
    const recorded = (response: Response) => {
      const latencyMs = performance.now() - started;
      metrics.apiRequests.inc({ operation: operationId, status: String(response.status) });
      // One line per request: never the token's value, only its id once known.
      log.info(
        {
          requestId,
          operation: operationId,
          status: response.status,
          latencyMs: Math.round(latencyMs * 10) / 10,
          tokenId: known?.token.id,
        },
        "api request",
      );
      if (known) {
        usage.record({
          workspaceId: known.token.workspaceId,
          tokenId: known.token.id,
          environment: known.token.environment,
          at: new Date(),
          method: request.method,
          route: op.path,
          status: response.status,
          ip: known.ip,
          latencyMs: Math.round(latencyMs),
          requestId,
        });
      }
      return response;
    };
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
