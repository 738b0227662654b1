import type { VerifiedToken } from "../tokens/verify";
import { userAgent } from "../http/client";
import type { ApiWriter } from "./audit";
import { type BodyRefusal, readJsonBody } from "./body";
import { createHash } from "node:crypto";
import { apiError, baseHeaders, jsonResponse } from "./errors";
import { parsePage, type PageRequest } from "./pagination";
import { isResourceKey } from "./reach";
import { renameBodySchema } from "./schemas";
import { operation, type OperationId } from "./operations";
import { apiRoute } from "./route";

/**
 * The three shapes every resource endpoint takes (list, read one, rename one),
 * so each route file only names its scope and its lib function.
 */
type Lister = (token: VerifiedToken, page: PageRequest) => Promise<{ data: unknown[]; next_cursor: string | null }>;

export function listRoute(operationId: OperationId, list: Lister, cursorKeys = 1, validKeys?: (keys: string[]) => boolean) {
  const op = operation(operationId);
  const sync = "sync" in op && op.sync === true;
  return apiRoute(operationId, async ({ request, token, requestId }) => {
    // A cursor belongs to one list of one workspace's environment (and its filter): replayed by a token of
    // another workspace or environment it is refused, not used as a starting point in other rows.
    const cursorList = `${operationId}:${token.workspaceId}:${token.environment}`;
    const parsed = parsePage(new URL(request.url).searchParams, cursorList, cursorKeys, validKeys, { sync });
    if (!parsed.ok) {
      return apiError(requestId, "invalid_request", "The list's parameters are not valid.", { details: parsed.details });
    }
    return jsonResponse(requestId, 200, await list(token, parsed.page));
  });
}

/** A refused body as the client reads it: 400, 413 or 415, with the field named. */
export function refusedBody(requestId: string, refusal: BodyRefusal) {
  return apiError(requestId, refusal.code, refusal.message, { details: refusal.details, headers: refusal.headers });
}

/** The same words whether the resource is missing, in another workspace or out of the token's reach. */
function notFoundMessage(what: string) {
  return `No ${what} with that identifier is available to this token.`;
}

/** A strong ETag of a resource's representation: it changes whenever what a client would read changes. */
export function etagOf(data: unknown) {
  return `"${createHash("sha256").update(JSON.stringify(data)).digest("base64url").slice(0, 27)}"`;
}

/** RFC 9110 13.1.1/13.1.2: `*`, or any listed tag, compared strongly for If-Match and weakly for If-None-Match. */
function matches(header: string, etag: string, weak: boolean) {
  return header.split(",").some((raw) => {
    const tag = raw.trim();
    if (tag === "*") return true;
    if (tag.startsWith("W/")) return weak && tag.slice(2) === etag;
    return tag === etag;
  });
}

export function getRoute<K extends string>(
  operationId: OperationId,
  key: K,
  what: string,
  get: (token: VerifiedToken, key: string) => Promise<unknown | null>,
) {
  return apiRoute<Record<K, string>>(operationId, async ({ request, token, params, requestId }) => {
    const value = params[key];
    const found = isResourceKey(value) ? await get(token, value) : null;
    if (!found) return apiError(requestId, "not_found", notFoundMessage(what));
    const etag = etagOf(found);
    const ifNoneMatch = request.headers.get("if-none-match");
    if (ifNoneMatch !== null && matches(ifNoneMatch, etag, true)) {
      return new Response(null, { status: 304, headers: { ...baseHeaders(requestId), ETag: etag } });
    }
    return jsonResponse(requestId, 200, { data: found }, { ETag: etag });
  });
}

/**
 * PATCH a name. With If-Match, the rename happens only if the resource still
 * has the version the client read (412 otherwise), checked again inside the
 * update itself, so two clients cannot silently overwrite each other. With
 * If-None-Match (RFC 9110 13.1.2), a match is 412: `*` always matches, since
 * PATCH changes only what exists.
 */
export function renameRoute<K extends string>(
  operationId: OperationId,
  key: K,
  what: string,
  get: (token: VerifiedToken, key: string) => Promise<{ name: string } | null>,
  rename: (token: VerifiedToken, key: string, name: string, expectedName: string | undefined, who: ApiWriter) => Promise<unknown | null>,
) {
  return apiRoute<Record<K, string>>(operationId, async ({ request, token, params, requestId, ip }) => {
    const value = params[key];
    if (!isResourceKey(value)) return apiError(requestId, "not_found", notFoundMessage(what));
    // The body is judged before the lookup; its verdict does not depend on whether the resource exists.
    const body = await readJsonBody(request, renameBodySchema);
    if (!body.ok) return refusedBody(requestId, body);
    const ifNoneMatch = request.headers.get("if-none-match");
    if (ifNoneMatch !== null) {
      const current = await get(token, value);
      if (!current) return apiError(requestId, "not_found", notFoundMessage(what));
      const etag = etagOf(current);
      if (matches(ifNoneMatch, etag, true)) {
        const message = `If-None-Match matched: the ${what} exists${ifNoneMatch.trim() === "*" ? "" : " with that version"}, so nothing was changed.`;
        return apiError(requestId, "precondition_failed", message, { headers: { ETag: etag } });
      }
    }
    const ifMatch = request.headers.get("if-match");
    let expectedName: string | undefined;
    if (ifMatch !== null) {
      const current = await get(token, value);
      if (!current) return apiError(requestId, "not_found", notFoundMessage(what));
      if (!matches(ifMatch, etagOf(current), false)) return stale(requestId, what, etagOf(current));
      expectedName = current.name;
    }
    const renamed = await rename(token, value, body.data.name, expectedName, { ip, userAgent: userAgent(request.headers) });
    if (!renamed && expectedName !== undefined) {
      const now = await get(token, value);
      if (now) return stale(requestId, what, etagOf(now));
    }
    if (!renamed) return apiError(requestId, "not_found", notFoundMessage(what));
    return jsonResponse(requestId, 200, { data: renamed }, { ETag: etagOf(renamed) });
  });
}

function stale(requestId: string, what: string, etag: string) {
  return apiError(
    requestId,
    "precondition_failed",
    `The ${what} changed since you read it; read it again (its ETag is in this response) and retry.`,
    {
      headers: { ETag: etag },
    },
  );
}
