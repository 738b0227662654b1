import { readJsonBody } from "@/lib/api/body";
import { failureResponse } from "@/lib/api/failure";
import { apiError, jsonResponse, newRequestId } from "@/lib/api/errors";
import { routeMethods } from "@/lib/api/methods";
import { revocationReportSchema } from "@/lib/api/schemas";
import { clientIp, userAgent } from "@/lib/http/client";
import { insecureRequest } from "@/lib/http/https";
import { rateLimitKey } from "@/lib/http/trust";
import { limits } from "@/lib/rate-limit";
import { revokeReported } from "@/lib/tokens/leaks";

/** 1,000 tokens of 41 characters with JSON around them, and a URL. */
const MAX_REPORT_BYTES = 64 * 1024;

// No token: secret scanners report what they found (lib/tokens/leaks.ts). Every report counts against the address.
async function report(request: Request): Promise<Response> {
  const requestId = newRequestId();
  try {
    if (insecureRequest(request)) return apiError(requestId, "https_required", "The Tollgate API is served over HTTPS only.");
    const ip = clientIp(request.headers);
    const key = rateLimitKey(ip);
    const limited = await limits.leakReportsPerIp.attempt(key);
    if (limited.blocked) {
      return apiError(requestId, "rate_limited", "Too many leaked-token reports from this address; wait for Retry-After.", {
        headers: { "Retry-After": String(limited.retryAfterSeconds) },
      });
    }
    const body = await readJsonBody(request, revocationReportSchema, MAX_REPORT_BYTES);
    if (!body.ok) return apiError(requestId, "invalid_request", body.message, { details: body.details });
    await revokeReported({ tokens: body.data.tokens, url: body.data.url ?? null, ip, userAgent: userAgent(request.headers) });
    return jsonResponse(requestId, 200, { data: { received: body.data.tokens.length } });
  } catch (error) {
    return failureResponse(requestId, "reportLeakedTokens", error);
  }
}

export const { GET, PATCH, POST, PUT, DELETE, OPTIONS } = routeMethods({
  POST: Object.assign(report, { operationId: "reportLeakedTokens" as const }),
});
