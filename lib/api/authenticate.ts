import { allowlistAllows } from "../tokens/allowlist";
import { clientIp } from "../http/client";
import { rateLimitKey } from "../http/trust";
import { limits } from "../rate-limit";
import { type Scope, scopeRefusal } from "../scopes";
import { isLookupsBusy } from "../tokens/lookups";
import { roleCapReason } from "../tokens/personal";
import { requestLimits } from "../tokens/request-limit";
import { type KnownToken, knownToken, knownValid, verifyToken, type Refusal, type VerifiedToken } from "../tokens/verify";
import { apiError, type ApiErrorOptions } from "./errors";
import { failureBudgetHeaders, tokenLimitHeaders } from "./rate-limit-headers";
import { metrics } from "../ops/metrics";

const MAX_HEADER_LENGTH = 512;

export type AuthOutcome =
  | { ok: true; token: VerifiedToken; ip: string; headers: Record<string, string> }
  /** `token`: the refused request presented a real token (recorded in its usage); `ip`: the client, when known. */
  | { ok: false; response: Response; token?: KnownToken; ip?: string };

type Credentials =
  | { kind: "none" }
  | { kind: "token"; token: string }
  | { kind: "invalid_request"; message: string; details: Record<string, string[]> };

/**
 * The token from `Authorization: Bearer` or `x-api-key`, never from the URL,
 * read as RFC 6750 has it: nothing at all is a bare challenge; another
 * scheme, a malformed or repeated header, or two different tokens are an
 * invalid request. (A repeated header reaches us joined by commas, which no
 * token contains.)
 */
function readCredentials(headers: Headers): Credentials {
  const authorization = headers.get("authorization");
  const apiKey = headers.get("x-api-key");
  const invalid = (field: string, problem: string, message: string): Credentials => ({
    kind: "invalid_request",
    message,
    details: { [field]: [problem] },
  });
  let bearer: string | null = null;
  if (authorization !== null) {
    if (authorization.includes(",")) return invalid("authorization", "Send one Authorization header", "Send one Authorization header.");
    const match = /^Bearer +(\S+) *$/i.exec(authorization.slice(0, MAX_HEADER_LENGTH + 16));
    if (!match || authorization.length > MAX_HEADER_LENGTH + 16) {
      return invalid("authorization", "Use the Bearer scheme: 'Bearer <token>'", "The Authorization header must be 'Bearer <token>'.");
    }
    bearer = match[1];
  }
  let key: string | null = null;
  if (apiKey !== null) {
    if (apiKey.includes(",")) return invalid("x-api-key", "Send one x-api-key header", "Send one x-api-key header.");
    key = apiKey.trim();
    if (key === "") return invalid("x-api-key", "Empty", "The x-api-key header is empty.");
  }
  if (bearer !== null && key !== null && bearer !== key) {
    return {
      kind: "invalid_request",
      message: "Authorization and x-api-key carry different tokens; send one.",
      details: { authorization: ["Differs from x-api-key"], "x-api-key": ["Differs from Authorization"] },
    };
  }
  const token = bearer ?? key;
  return token === null ? { kind: "none" } : { kind: "token", token };
}

/** What an integrator reads for each reason lib/tokens/verify.ts refuses a token. */
function refusalMessage(refusal: Refusal): string {
  switch (refusal.reason) {
    case "malformed":
      return "The API token is malformed; Tollgate tokens look like tg_live_ (or tg_test_, tg_user_) followed by 33 letters and digits.";
    case "checksum":
      return "The API token's checksum does not match; check it was copied whole.";
    case "unknown":
      return "The API token is not valid: it is unknown or has been revoked.";
    case "expired":
      return `The API token expired on ${refusal.expiredAt.toISOString()}.`;
    case "suspended":
      return "The workspace that owns this API token is suspended; its admins can see why. The token works again once the workspace is resumed.";
    case "owner_inactive":
      return "This personal API token's owner no longer has access to the workspace (deactivated or removed), so it no longer works.";
    case "personal_tokens_off":
      return "Personal API tokens for members are switched off in this workspace; an admin or owner can switch them back on.";
  }
}

/**
 * The API's side of authentication: the client's failure budget → the
 * token from the headers → the verifier (lib/tokens/verify.ts) → scope.
 * Reach to single resources is the route's business (a 404, never a 403).
 */
export async function authenticate(request: Request, requestId: string, scope: Scope | null, personalOnly = false): Promise<AuthOutcome> {
  const ip = clientIp(request.headers);
  const limitKey = rateLimitKey(ip);
  const budget = limits.apiAuthFailuresPerIp;
  // Only failures are counted (a query on PostgreSQL); a valid token never waits on the limiter.
  // Each counted failure's response says how many the address has left (RateLimit, policy "auth_failures").
  const failed = async (code: "unauthorized" | "invalid_request", message: string, options: ApiErrorOptions = {}) => {
    const state = await budget.fail(limitKey);
    const headers = { ...options.headers, ...failureBudgetHeaders(budget.points, budget.windowSeconds, state) };
    return { ok: false as const, response: apiError(requestId, code, message, { ...options, headers }) };
  };

  const credentials = readCredentials(request.headers);
  const limited = budget.blocked(limitKey);
  // A blocked address is refused before any lookup, except for a value this server knows as valid (see knownValid).
  if (limited.blocked && !(credentials.kind === "token" && knownValid(credentials.token))) {
    metrics.rateLimitRefusals.inc({ limit: "api_auth_failures" });
    return {
      ok: false,
      response: apiError(requestId, "rate_limited", "Too many failed authentication attempts from this address.", {
        headers: {
          "Retry-After": String(limited.retryAfterSeconds),
          ...failureBudgetHeaders(budget.points, budget.windowSeconds, limited),
        },
      }),
    };
  }

  if (credentials.kind === "invalid_request") {
    return failed("invalid_request", credentials.message, { details: credentials.details, challenge: "invalid_request" });
  }
  if (credentials.kind === "none") {
    const message = "No API token. Send it as 'Authorization: Bearer <token>' or 'x-api-key: <token>'.";
    return failed("unauthorized", message, { challenge: "bare" });
  }
  const candidate = credentials.token;
  const timer = metrics.verification.startTimer();
  let verified: Awaited<ReturnType<typeof verifyToken>>;
  try {
    verified = await verifyToken(candidate).finally(timer);
  } catch (error) {
    // The lane for values this server has never seen valid is full (a flood of made-up tokens): not a failure of this client's.
    if (!isLookupsBusy(error)) throw error;
    const message = "Too many unfamiliar tokens are being checked at once; retry in a second.";
    return { ok: false, response: apiError(requestId, "service_unavailable", message, { headers: { "Retry-After": "1" } }) };
  }
  // A suspended workspace's token, or a personal token whose owner lost access, is genuine, not a guess:
  // it does not use up the address's failure budget.
  if (!verified.ok && verified.reason === "suspended") {
    return { ok: false, response: apiError(requestId, "workspace_suspended", refusalMessage(verified)), token: verified.token, ip };
  }
  if (!verified.ok && (verified.reason === "owner_inactive" || verified.reason === "personal_tokens_off")) {
    return { ok: false, response: apiError(requestId, "unauthorized", refusalMessage(verified)), token: verified.token, ip };
  }
  if (!verified.ok) {
    const denied = await failed("unauthorized", refusalMessage(verified));
    return verified.reason === "expired" ? { ...denied, token: verified.token, ip } : denied;
  }
  const { token } = verified;
  const known = knownToken(token);
  // The address lib/http/trust.ts decided (the socket, or what a configured proxy reported), never a header as sent.
  if (!allowlistAllows(token.ipAllowlist, ip)) {
    return {
      ok: false,
      response: apiError(requestId, "ip_not_allowed", "This API token cannot be used from your address."),
      token: known,
      ip,
    };
  }
  // Counted only from an allowed address, so someone elsewhere holding the value cannot use up the owner's limit.
  const rate = await requestLimits.take(token.id, token.rateLimitPerMinute);
  const headers = tokenLimitHeaders(rate);
  if (!rate.allowed) {
    metrics.rateLimitRefusals.inc({ limit: "token_requests" });
    const message = `This API token is limited to ${rate.limit} requests per minute; wait ${rate.resetSeconds} s (Retry-After).`;
    return {
      ok: false,
      response: apiError(requestId, "rate_limited", message, { headers: { ...headers, "Retry-After": String(rate.resetSeconds) } }),
      token: known,
      ip,
    };
  }

  if (scope && !token.scopes.includes(scope)) {
    return {
      ok: false,
      response: apiError(requestId, "forbidden", `This API token lacks the '${scope}' scope.`, { scope, headers }),
      token: known,
      ip,
    };
  }
  const refusal = scope ? scopeRefusal(scope, token) : null;
  if (scope && refusal) {
    const message = `This API token cannot use '${scope}': ${refusal}`;
    return { ok: false, response: apiError(requestId, "forbidden", message, { scope, headers }), token: known, ip };
  }
  // A personal token can do only what its owner's role allows now, whatever it was created with.
  const capped = scope && token.owner?.role ? roleCapReason(token.owner.role, scope) : null;
  if (scope && capped) {
    const message = `This personal API token holds '${scope}', but its owner's role (${token.owner?.role}) no longer allows it: ${capped}.`;
    return { ok: false, response: apiError(requestId, "forbidden", message, { scope, headers }), token: known, ip };
  }
  if (personalOnly && !token.owner) {
    const message = "This endpoint needs a personal API token (tg_user_…); workspace tokens act for the workspace, not for a person.";
    return { ok: false, response: apiError(requestId, "personal_token_required", message, { headers }), token: known, ip };
  }
  return { ok: true, token, ip, headers };
}
