import { randomUUID } from "node:crypto";
import { z } from "zod";
import { env } from "../env";
import type { FieldErrors } from "../result";
import { MAX_BODY_BYTES } from "./body";

/**
 * The API's error codes, once: the TypeScript type, the status of each
 * response, the OpenAPI error schema and the docs table all come from here.
 */
export const API_ERRORS = {
  invalid_request: {
    status: 400,
    when: "A query parameter the operation does not take, a bad limit, cursor or updated_since, a body that is not valid JSON or has an invalid name, or two different tokens in the two headers. details names each field.",
  },
  unauthorized: {
    status: 401,
    when: "No token, a malformed token or a wrong checksum, an unknown, deleted or regenerated token, or an expired token.",
  },
  workspace_suspended: {
    status: 401,
    when: "The token is valid but its workspace is suspended by Tollgate (billing or abuse); the workspace's admins see the reason. It works again once the workspace is resumed.",
  },
  forbidden: {
    status: 403,
    when: "The token lacks the scope the endpoint needs (the message and WWW-Authenticate name it), or holds a workspace-wide scope without access to all resources.",
  },
  personal_token_required: {
    status: 403,
    when: "The endpoint acts for a person (/api/v1/user/…) and the token is a workspace token: use a personal token (tg_user_…) of the person instead.",
  },
  https_required: { status: 403, when: "The request arrived over plain HTTP." },
  ip_not_allowed: {
    status: 403,
    when: "The token has an IP allowlist and your address is not on it. The list is not revealed; an admin can see and edit it in the Developers tab.",
  },
  not_found: {
    status: 404,
    when: "The resource does not exist, belongs to another workspace, or is outside the token's reach. The three are indistinguishable.",
  },
  method_not_allowed: { status: 405, when: "The path exists but not with this method; the Allow header lists the ones it takes." },
  precondition_failed: {
    status: 412,
    when: "If-Match named a version (ETag) the resource no longer has (someone changed it since you read it: read it again and retry), or If-None-Match on a PATCH matched the resource (`*` always does, since a PATCH only changes what exists).",
  },
  content_too_large: {
    status: 413,
    when: `The request body is over the operation's limit (${MAX_BODY_BYTES / 1024} KB for a rename, 64 KB for a leak report). Nothing was read or changed.`,
  },
  unsupported_media_type: {
    status: 415,
    when: "The body is not sent as application/json. Accept-Patch (or Accept-Post) names the media type the operation takes.",
  },
  rate_limited: {
    status: 429,
    when: 'The token used up its requests for this minute (RateLimit-Policy "token"), or your address made too many failed authentications (policy "auth_failures"). Wait for Retry-After seconds.',
  },
  internal_error: { status: 500, when: "Something failed on our side; quote the X-Request-Id header." },
  service_unavailable: {
    status: 503,
    when: "The database cannot be reached or written for a moment (a restart, an outage), or the server is checking too many tokens it has never seen at once (a flood of made-up values). Nothing was changed; retry after Retry-After seconds. Tokens verified shortly before keep working meanwhile.",
  },
} as const satisfies Record<string, { status: number; when: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;
export const apiErrorCodeSchema = z.enum(Object.keys(API_ERRORS) as [ApiErrorCode, ...ApiErrorCode[]]);

const REALM = 'Bearer realm="tollgate"';

/**
 * Every 403 carries an RFC 6750 challenge: `insufficient_scope` (the token is
 * genuine but may not do this), with the scope when one is missing, else a
 * short description of why.
 */
const FORBIDDEN_DESCRIPTIONS: Partial<Record<ApiErrorCode, string>> = {
  forbidden: "The token may not reach this resource",
  personal_token_required: "A personal token is required",
  https_required: "HTTPS is required",
  ip_not_allowed: "The client address is not on the token's allowlist",
};

export interface ApiErrorOptions {
  details?: FieldErrors;
  headers?: Record<string, string>;
  /** For 403 insufficient_scope: the scope the token lacks. */
  scope?: string;
  /**
   * The RFC 6750 challenge: `bare` when no credentials came at all (no error
   * code), `invalid_request` for malformed or conflicting credentials. A 401
   * otherwise carries `invalid_token`.
   */
  challenge?: "bare" | "invalid_request";
}

/** What a client may send as its own X-Request-Id: short, and only characters safe in a log line, a header and a URL. */
export const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id of a request: the client's own X-Request-Id when it is well formed
 * (so one id follows a call through the client's logs, a proxy's and ours),
 * else a fresh UUID. It is an id for finding log lines, never a credential.
 */
export function newRequestId(headers?: Headers) {
  const sent = headers?.get("x-request-id");
  return sent && CLIENT_REQUEST_ID.test(sent) ? sent : randomUUID();
}

/** Headers on every API response; a body's Content-Type is added only where there is a body (not on 204 or 304). */
export function baseHeaders(requestId: string): Record<string, string> {
  return { "Cache-Control": "no-store", "X-Request-Id": requestId };
}

export const JSON_TYPE = "application/json; charset=utf-8";

export function jsonResponse(requestId: string, status: number, body: unknown, extra: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { ...baseHeaders(requestId), "Content-Type": JSON_TYPE, ...extra } });
}

/** Where the docs explain a code; absolute when AUTH_URL names the public origin. */
export function docUrl(code: ApiErrorCode) {
  return `${env.AUTH_URL?.replace(/\/$/, "") ?? ""}/docs/api#error-${code}`;
}

/** The code of each error response this process made, for its usage record (no body parsing on the way out). */
const errorCodes = new WeakMap<Response, ApiErrorCode>();
export const errorCodeOf = (response: Response): ApiErrorCode | null => errorCodes.get(response) ?? null;

/** One JSON shape for every error: `{"error": {"code", "message", "request_id", "doc_url", "details"?}}`. */
export function apiError(requestId: string, code: ApiErrorCode, message: string, options: ApiErrorOptions = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.challenge === "bare") headers["WWW-Authenticate"] = REALM;
  else if (options.challenge === "invalid_request") headers["WWW-Authenticate"] = `${REALM}, error="invalid_request"`;
  else if (API_ERRORS[code].status === 401) headers["WWW-Authenticate"] = `${REALM}, error="invalid_token"`;
  if (API_ERRORS[code].status === 403) {
    headers["WWW-Authenticate"] = options.scope
      ? `${REALM}, error="insufficient_scope", scope="${options.scope}"`
      : `${REALM}, error="insufficient_scope", error_description="${FORBIDDEN_DESCRIPTIONS[code] ?? "Forbidden"}"`;
  }
  const error = { code, message, request_id: requestId, doc_url: docUrl(code), ...(options.details ? { details: options.details } : {}) };
  const response = jsonResponse(requestId, API_ERRORS[code].status, { error }, headers);
  errorCodes.set(response, code);
  return response;
}
