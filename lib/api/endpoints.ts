import { AUDIT_CURSOR_KEYS, listAuditEvents, validAuditKeys } from "./audit";
import { readJsonBody } from "./body";
import { getDevice, listDevices, renameDevice } from "./devices";
import { apiError, jsonResponse, newRequestId } from "./errors";
import { failureResponse } from "./failure";
import { getGroup, listGroups, renameGroup } from "./groups";
import { getRoute, listRoute, refusedBody, renameRoute } from "./handlers";
import type { OperationId } from "./operations";
import { apiRoute } from "./route";
import { revocationReportSchema } from "./schemas";
import { getSite, listSites, renameSite } from "./sites";
import { describeToken } from "./token-info";
import { describeOwner, listOwnTokens } from "./user";
import { clientIp, userAgent } from "../http/client";
import { insecureRequest } from "../http/https";
import { rateLimitKey } from "../http/trust";
import { limits } from "../rate-limit";
import { revokeReported } from "../tokens/leaks";

/** A handler as the router calls it: the Web request and the path's parameters. */
export type Endpoint = ((request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>) & {
  operationId: OperationId;
};

/** 1,000 tokens of 41 characters with JSON around them, and a URL. */
const MAX_REPORT_BYTES = 64 * 1024;

// No token: secret scanners report what they found (lib/tokens/leaks.ts). Every report counts against the address.
async function reportLeakedTokens(request: Request): Promise<Response> {
  const requestId = newRequestId(request.headers);
  try {
    if (insecureRequest(request)) return apiError(requestId, "https_required", "The Tollgate API is served over HTTPS only.");
    const ip = clientIp(request.headers);
    const limited = await limits.leakReportsPerIp.attempt(rateLimitKey(ip));
    if (limited.blocked) {
      return apiError(requestId, "rate_limited", "Too many leaked-token reports from this address; wait for Retry-After.", {
        headers: { "Retry-After": String(limited.retryAfterSeconds) },
      });
    }
    const body = await readJsonBody(request, revocationReportSchema, MAX_REPORT_BYTES);
    if (!body.ok) return refusedBody(requestId, body);
    await revokeReported({ tokens: body.data.tokens, url: body.data.url ?? null, ip, userAgent: userAgent(request.headers) });
    return jsonResponse(requestId, 200, { data: { received: body.data.tokens.length } });
  } catch (error) {
    return failureResponse(requestId, "reportLeakedTokens", error);
  }
}

/**
 * Every operation of lib/api/operations.ts and the function that serves it:
 * with OPERATIONS, the one route table (lib/api/router.ts routes from both,
 * and the OpenAPI document is built from OPERATIONS).
 */
export const ENDPOINTS = {
  // Any valid token may ask what it holds (no scope).
  getToken: apiRoute("getToken", async ({ token, requestId }) => jsonResponse(requestId, 200, { data: await describeToken(token) })),
  listDevices: listRoute("listDevices", listDevices),
  getDevice: getRoute("getDevice", "serial", "device", getDevice),
  renameDevice: renameRoute("renameDevice", "serial", "device", getDevice, renameDevice),
  listGroups: listRoute("listGroups", listGroups),
  getGroup: getRoute("getGroup", "id", "group", getGroup),
  renameGroup: renameRoute("renameGroup", "id", "group", getGroup, renameGroup),
  listSites: listRoute("listSites", listSites),
  getSite: getRoute("getSite", "id", "site", getSite),
  renameSite: renameRoute("renameSite", "id", "site", getSite, renameSite),
  listAuditEvents: listRoute("listAuditEvents", listAuditEvents, AUDIT_CURSOR_KEYS, validAuditKeys),
  reportLeakedTokens: Object.assign(reportLeakedTokens, { operationId: "reportLeakedTokens" as const }),
  // Personal tokens only: the person it acts as, with their role now.
  getCurrentUser: apiRoute("getCurrentUser", async ({ token, requestId }) => {
    const me = await describeOwner(token);
    if (!me) return apiError(requestId, "unauthorized", "This personal API token's owner no longer has access to the workspace.");
    return jsonResponse(requestId, 200, { data: me });
  }),
  // Personal tokens only: the caller's own personal tokens, masked.
  listOwnTokens: apiRoute("listOwnTokens", async ({ token, requestId }) =>
    jsonResponse(requestId, 200, { data: await listOwnTokens(token) }),
  ),
} satisfies Record<OperationId, Endpoint>;
