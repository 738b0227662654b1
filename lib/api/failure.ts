import { databaseTrouble, describeError } from "../db/errors";
import { log } from "../ops/log";
import { metrics } from "../ops/metrics";
import { apiError } from "./errors";

/** What a 503 asks a client to wait: about a database restart's worth. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The answer to an exception inside an API operation: 503 with Retry-After
 * when the database cannot be reached or written (an outage, a full disk),
 * otherwise 500. Logged with its cause, never with the request's secrets.
 */
export function failureResponse(requestId: string, operation: string, error: unknown): Response {
  const trouble = databaseTrouble(error);
  log.error({ requestId, operation, err: describeError(error) }, trouble ? "api request: database trouble" : "api request failed");
  if (!trouble) {
    return apiError(requestId, "internal_error", `Something went wrong. Quote request id ${requestId} when reporting it.`);
  }
  metrics.databaseUnavailable.inc();
  const what =
    trouble.kind === "unavailable" ? "cannot be reached" : `cannot be written (${trouble.kind === "full" ? "disk full" : "read-only"})`;
  return apiError(requestId, "service_unavailable", `The database ${what} right now; nothing was changed. Retry in a few seconds.`, {
    headers: { "Retry-After": String(RETRY_AFTER_SECONDS) },
  });
}
