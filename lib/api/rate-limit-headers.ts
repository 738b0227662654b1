import type { LimitState } from "../rate-limit";
import type { LimitDecision } from "../tokens/request-limit";

/**
 * Rate-limit fields as the current IETF draft has them
 * (draft-ietf-httpapi-ratelimit-headers-10): `RateLimit-Policy` names each
 * quota (q requests per w seconds) and `RateLimit` says what is left of it
 * (r) and when it resets (t), both Structured Fields lists keyed by the
 * policy's name. Tollgate has two policies a client can meet:
 *
 * - "token": the token's requests per minute, on every response to a token
 *   that has a limit (accepted, 403 and 429 alike);
 * - "auth_failures": failed authentications per client address per minute,
 *   on each 401 and 400 that counted against it and on its 429.
 *
 * The older draft's RateLimit-Limit/-Remaining/-Reset trio is still sent
 * with the token policy for one release (README, "Rate limits").
 */
export const TOKEN_POLICY = "token";
export const AUTH_FAILURE_POLICY = "auth_failures";

function fields(policy: string, quota: number, windowSeconds: number, remaining: number, resetSeconds: number) {
  return {
    "RateLimit-Policy": `"${policy}";q=${quota};w=${windowSeconds}`,
    RateLimit: `"${policy}";r=${Math.max(0, remaining)};t=${Math.max(0, resetSeconds)}`,
  };
}

/** On every response to a token with a request limit. */
export function tokenLimitHeaders(decision: LimitDecision, windowSeconds = 60): Record<string, string> {
  if (decision.limit === 0) return {};
  return {
    ...fields(TOKEN_POLICY, decision.limit, windowSeconds, decision.remaining, decision.resetSeconds),
    // Deprecated (the draft's earlier form), kept one release for clients that read it.
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
  };
}

/** On a response whose failure was counted against the client's address, or refused because the budget is spent. */
export function failureBudgetHeaders(points: number, windowSeconds: number, state: LimitState): Record<string, string> {
  if (state.remaining === undefined || state.resetSeconds === undefined) return {};
  return fields(AUTH_FAILURE_POLICY, points, windowSeconds, state.remaining, state.resetSeconds);
}
