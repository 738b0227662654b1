import type { z } from "zod";
import type { FieldErrors } from "../result";

export const MAX_BODY_BYTES = 16 * 1024;

/** Why a body was refused: its error code (lib/api/errors.ts), and the headers that go with it. */
export type BodyRefusal = {
  ok: false;
  code: "invalid_request" | "content_too_large" | "unsupported_media_type";
  message: string;
  details: FieldErrors;
  headers?: Record<string, string>;
};
type BodyResult<T> = { ok: true; data: T } | BodyRefusal;

const refuse = (message: string, details: FieldErrors, code: BodyRefusal["code"] = "invalid_request", headers?: Record<string, string>) =>
  ({ ok: false, code, message, details, ...(headers ? { headers } : {}) }) as BodyRefusal;

/** RFC 5789's Accept-Patch for PATCH (and its POST counterpart): the one media type a body may have. */
export function acceptHeaders(method: string): Record<string, string> {
  return method.toUpperCase() === "PATCH" ? { "Accept-Patch": "application/json" } : { "Accept-Post": "application/json" };
}

/** Reads at most `limit` bytes, stopping early so an oversized body is never buffered whole. */
async function readCapped(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

/** Maps zod issues onto field names; issues about the whole body go under `body`. */
function issueFieldErrors(error: z.ZodError): FieldErrors {
  const details: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "body";
    (details[key] ??= []).push(issue.message);
  }
  return details;
}

/** A JSON request body, checked for media type (415), size (413), syntax and shape (400), in that order. */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = MAX_BODY_BYTES,
): Promise<BodyResult<z.output<S>>> {
  const type = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    const message = "Send the body as JSON, with Content-Type: application/json.";
    return refuse(message, { "content-type": ["Must be application/json"] }, "unsupported_media_type", acceptHeaders(request.method));
  }
  const text = await readCapped(request, maxBytes);
  if (text === null) {
    return refuse(`The request body is over ${maxBytes} bytes.`, { body: [`Must be at most ${maxBytes} bytes`] }, "content_too_large");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse("The request body is not valid JSON.", { body: ["Must be a valid JSON object"] });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) return refuse("Some fields need attention.", issueFieldErrors(parsed.error));
  return { ok: true, data: parsed.data };
}
