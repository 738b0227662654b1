import { randomUUID } from "node:crypto";

export type ApiErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "invalid_request"
  | "rate_limited"
  | "https_required"
  | "internal_error";

const REALM = 'Bearer realm="tollgate"';

export interface ApiErrorOptions {
  details?: Record<string, string[]>;
  headers?: Record<string, string>;
  /** For 403 insufficient_scope: the scope the token lacks. */
  scope?: string;
}

export function newRequestId() {
  return randomUUID();
}

export function baseHeaders(requestId: string): Record<string, string> {
  return {
    "Cache-Control": "no-store",
    "X-Request-Id": requestId,
    "Content-Type": "application/json; charset=utf-8",
  };
}

export function jsonResponse(requestId: string, status: number, body: unknown, extra: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { ...baseHeaders(requestId), ...extra } });
}

const STATUS: Record<ApiErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_request: 400,
  rate_limited: 429,
  https_required: 403,
  internal_error: 500,
};

/** One JSON shape for every error: `{"error": {"code", "message", "details"?}}`. */
export function apiError(requestId: string, code: ApiErrorCode, message: string, options: ApiErrorOptions = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (code === "unauthorized") headers["WWW-Authenticate"] = `${REALM}, error="invalid_token"`;
  if (code === "forbidden" && options.scope) {
    headers["WWW-Authenticate"] = `${REALM}, error="insufficient_scope", scope="${options.scope}"`;
  }
  const error = options.details ? { code, message, details: options.details } : { code, message };
  return jsonResponse(requestId, STATUS[code], { error }, headers);
}
