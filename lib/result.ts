/** Messages per field (form fields, query parameters, headers): one shape for the UI, actions and the API. */
export type FieldErrors = Record<string, string[]>;

export type ErrorCode = "unauthenticated" | "forbidden" | "invalid" | "not_found" | "conflict" | "internal";

export type Result<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; error: string; fieldErrors?: FieldErrors };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });

export function fail(code: ErrorCode, error: string, fieldErrors?: FieldErrors): Result<never> {
  return fieldErrors ? { ok: false, code, error, fieldErrors } : { ok: false, code, error };
}
