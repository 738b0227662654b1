import type { VerifiedToken } from "../tokens/verify";
import { readJsonBody } from "./body";
import { apiError, jsonResponse } from "./errors";
import { parsePage, type PageRequest } from "./pagination";
import { isResourceKey } from "./reach";
import { renameBodySchema } from "./schemas";
import type { OperationId } from "./operations";
import { apiRoute } from "./route";

/**
 * The three shapes every resource endpoint takes (list, read one, rename one),
 * so each route file only names its scope and its lib function.
 */
type Lister = (token: VerifiedToken, page: PageRequest) => Promise<{ data: unknown[]; next_cursor: string | null }>;

export function listRoute(operationId: OperationId, list: Lister, cursorKeys = 1, validKeys?: (keys: string[]) => boolean) {
  return apiRoute(operationId, async ({ request, token, requestId }) => {
    const parsed = parsePage(new URL(request.url).searchParams, cursorKeys, validKeys);
    if (!parsed.ok) {
      return apiError(requestId, "invalid_request", "The pagination parameters are not valid.", { details: parsed.details });
    }
    return jsonResponse(requestId, 200, await list(token, parsed.page));
  });
}

/** The same words whether the resource is missing, in another workspace or out of the token's reach. */
function notFoundMessage(what: string) {
  return `No ${what} with that identifier is available to this token.`;
}

export function getRoute<K extends string>(
  operationId: OperationId,
  key: K,
  what: string,
  get: (token: VerifiedToken, key: string) => Promise<unknown | null>,
) {
  return apiRoute<Record<K, string>>(operationId, async ({ token, params, requestId }) => {
    const value = params[key];
    const found = isResourceKey(value) ? await get(token, value) : null;
    if (!found) return apiError(requestId, "not_found", notFoundMessage(what));
    return jsonResponse(requestId, 200, { data: found });
  });
}

export function renameRoute<K extends string>(
  operationId: OperationId,
  key: K,
  what: string,
  rename: (token: VerifiedToken, key: string, name: string) => Promise<unknown | null>,
) {
  return apiRoute<Record<K, string>>(operationId, async ({ request, token, params, requestId }) => {
    const value = params[key];
    if (!isResourceKey(value)) return apiError(requestId, "not_found", notFoundMessage(what));
    // The body is judged before the lookup; its verdict does not depend on whether the resource exists.
    const body = await readJsonBody(request, renameBodySchema);
    if (!body.ok) return apiError(requestId, "invalid_request", body.message, { details: body.details });
    const renamed = await rename(token, value, body.data.name);
    if (!renamed) return apiError(requestId, "not_found", notFoundMessage(what));
    return jsonResponse(requestId, 200, { data: renamed });
  });
}
