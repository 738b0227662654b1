import type { Scope } from "../scopes";
import type { VerifiedToken } from "../tokens/cache";
import { insecureRequest } from "../http/https";
import { authenticate } from "./authenticate";
import { apiError, newRequestId } from "./errors";

export interface ApiContext<P> {
  request: Request;
  token: VerifiedToken;
  params: P;
  requestId: string;
  ip: string;
}

/**
 * Wraps every /api/v1 handler: HTTPS rule → token → scope, one error shape,
 * a request id on every response, and no stack traces or secrets in output.
 */
export function apiRoute<P = Record<string, never>>(
  scope: Scope | null,
  handler: (ctx: ApiContext<P>) => Promise<Response>,
) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    const requestId = newRequestId();
    try {
      if (insecureRequest(request)) {
        return apiError(requestId, "https_required", "The Tollgate API is served over HTTPS only.");
      }
      const auth = await authenticate(request, requestId, scope);
      if (!auth.ok) return auth.response;
      return await handler({ request, token: auth.token, params: await route.params, requestId, ip: auth.ip });
    } catch (error) {
      console.error(`[api] ${requestId} failed: ${error instanceof Error ? error.name : "unknown error"}`);
      return apiError(requestId, "internal_error", `Something went wrong. Quote request id ${requestId} when reporting it.`);
    }
  };
}
