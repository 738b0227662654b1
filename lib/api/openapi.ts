import { z } from "zod";
import { env } from "../env";
import { describeScope, SCOPE_GROUPS } from "../scopes";
import { TOKEN_PATTERN } from "../tokens/format";
import { MAX_BODY_BYTES } from "./body";
import { DEFAULT_LIMIT, MAX_LIMIT } from "./pagination";
import { OPERATIONS, type Operation } from "./operations";
import * as s from "./schemas";

/**
 * The OpenAPI 3.1 document, generated from the zod schemas the handlers are
 * typed against and from SCOPE_GROUPS, so adding a scope or a field shows up
 * here without a second copy to maintain.
 */
const COMPONENTS = {
  Device: s.deviceSchema,
  DeviceList: s.page(s.deviceSchema),
  DeviceResponse: s.single(s.deviceSchema),
  Group: s.groupSchema,
  GroupList: s.page(s.groupSchema),
  GroupResponse: s.single(s.groupDetailSchema),
  Site: s.siteSchema,
  SiteList: s.page(s.siteSchema),
  SiteResponse: s.single(s.siteSchema),
  AuditEvent: s.auditEventSchema,
  AuditEventList: s.page(s.auditEventSchema),
  TokenInfoResponse: s.single(s.tokenInfoSchema),
  CurrentUserResponse: s.single(s.currentUserSchema),
  OwnToken: s.ownTokenSchema,
  OwnTokenList: s.list(s.ownTokenSchema),
  RevocationReport: s.revocationReportSchema,
  RevocationReportResponse: s.single(s.revocationReceiptSchema),
  RenameRequest: s.renameBodySchema,
  Error: s.errorSchema,
} satisfies Record<string, z.ZodType>;

function componentSchemas() {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io: "input",
    uri: (id) => `#/components/schemas/${id}`,
  });
  // Each schema is embedded in the document, so per-schema $schema/$id would only confuse resolvers.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...rest }]) => [id, rest]));
}

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

const ALLOW_HEADER = { description: "The methods the path takes.", required: true, schema: { type: "string" } };
const COMMON_HEADERS = { "X-Request-Id": ref("headers", "RequestId"), "Cache-Control": ref("headers", "CacheControl") };
/** On every response to a token that has a request limit (all of them unless the server runs with API_TOKEN_RATE_LIMIT=0). */
const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": ref("headers", "RateLimitLimit"),
  "RateLimit-Remaining": ref("headers", "RateLimitRemaining"),
  "RateLimit-Reset": ref("headers", "RateLimitReset"),
};

function operation(op: Operation) {
  const pathParam = /\{(\w+)\}/.exec(op.path)?.[1];
  const single = Boolean(pathParam);
  const parameters = [
    ...(op.paginated ? [ref("parameters", "Limit"), ref("parameters", "Cursor")] : []),
    ...(single && op.method === "get" ? [ref("parameters", "IfNoneMatch")] : []),
    ...(op.body && !op.public ? [ref("parameters", "IfMatch")] : []),
  ];
  const responses: Record<string, unknown> = {
    "200": {
      description: "OK",
      headers: { ...COMMON_HEADERS, ...RATE_LIMIT_HEADERS, ...(single ? { ETag: ref("headers", "ETag") } : {}) },
      content: { "application/json": { schema: ref("schemas", op.response) } },
    },
    ...(single && op.method === "get" ? { "304": ref("responses", "NotModified") } : {}),
    "400": ref("responses", "InvalidRequest"),
    ...(op.public ? {} : { "401": ref("responses", "Unauthorized"), "403": ref("responses", "Forbidden") }),
    ...(single ? { "404": ref("responses", "NotFound") } : {}),
    ...(op.body && !op.public ? { "412": ref("responses", "PreconditionFailed") } : {}),
    "429": ref("responses", "RateLimited"),
    "500": ref("responses", "InternalError"),
    "503": ref("responses", "ServiceUnavailable"),
  };
  const scopes = op.scope ? [op.scope] : [];
  return {
    operationId: op.id,
    tags: [op.tag],
    summary: op.summary,
    description: op.public
      ? "No authentication: for secret-scanning services. Every valid token among the strings is revoked at once on every server; the response is the same whichever (if any) were valid. Rate limited per address."
      : op.scope
        ? `Requires the \`${op.scope}\` scope: ${describeScope(op.scope)}`
        : "personal" in op && op.personal
          ? "A personal token (tg_user_) only; a workspace token gets 403. No scope needed."
          : "Any valid token; no scope needed.",
    "x-required-scope": op.scope,
    security: op.public ? [] : [{ bearerAuth: scopes }, { apiKeyAuth: scopes }],
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { "application/json": { schema: ref("schemas", op.request ?? "RenameRequest") } } } }
      : {}),
    responses,
  };
}

function errorResponse(description: string, headers: Record<string, unknown> = {}) {
  return {
    description,
    headers: { ...COMMON_HEADERS, ...headers },
    content: { "application/json": { schema: ref("schemas", "Error") } },
  };
}

const scopeList = SCOPE_GROUPS.flatMap((g) => g.scopes.map((sc) => `- \`${sc.id}\`: ${sc.description}`)).join("\n");

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);
  // Path parameters once per path, for every method on it.
  for (const [path, ops] of Object.entries(paths)) {
    const param = /\{(\w+)\}/.exec(path)?.[1];
    if (param) ops.parameters = [ref("parameters", param === "serial" ? "Serial" : "Id")];
  }
  const keyParam = (name: string, description: string) => ({
    name,
    in: "path",
    required: true,
    description,
    schema: { type: "string", maxLength: 64 },
  });
  return {
    openapi: "3.1.0",
    info: {
      title: "Tollgate API",
      version: "1.0.0",
      license: { name: "Proprietary", identifier: "LicenseRef-Tollgate" },
      contact: { name: "Tollgate security", email: "security@tollgate.example" },
      description: `Token-authenticated access to a workspace's devices, groups, sites and audit log.\n\nScopes:\n${scopeList}\n\nEvery path answers OPTIONS with 204 and an Allow header, HEAD like GET without a body, and any other method it does not take with 405, Allow and the error shape (see x-tollgate-protocol).`,
    },
    // Protocol behaviour of every path, kept out of the operation list (no path "has" a 405 operation).
    "x-tollgate-protocol": {
      options: { description: "The methods the path takes, in Allow.", headers: { ...COMMON_HEADERS, Allow: ALLOW_HEADER } },
      otherMethods: errorResponse("method_not_allowed: the path does not take this method.", { Allow: ALLOW_HEADER }),
    },
    servers: [{ url: env.AUTH_URL?.replace(/\/$/, "") ?? "/", description: "This Tollgate" }],
    tags: [
      { name: "token", description: "The calling token" },
      { name: "user", description: "The person a personal token (tg_user_) acts as" },
      { name: "revocations", description: "Leaked-token reports from secret scanners" },
      ...SCOPE_GROUPS.map((g) => ({ name: g.resource, description: g.label })),
      { name: "protocol", description: "HTTP behaviour every path shares (OPTIONS, 405)" },
    ],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: `A Tollgate API token matching ${TOKEN_PATTERN.source}.` },
        apiKeyAuth: { type: "apiKey", in: "header", name: "x-api-key", description: "The same token in the x-api-key header." },
      },
      parameters: {
        Serial: keyParam("serial", "Device serial number."),
        Id: keyParam("id", "Resource id."),
        Limit: {
          name: "limit",
          in: "query",
          required: false,
          description: "Page size.",
          schema: { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
        },
        IfMatch: {
          name: "If-Match",
          in: "header",
          required: false,
          description: "Rename only if the resource still has this ETag (412 otherwise).",
          schema: { type: "string" },
        },
        IfNoneMatch: {
          name: "If-None-Match",
          in: "header",
          required: false,
          description: "304 without a body if the resource still has this ETag.",
          schema: { type: "string" },
        },
        Cursor: {
          name: "cursor",
          in: "query",
          required: false,
          description: "next_cursor from the previous page; opaque.",
          schema: { type: "string" },
        },
      },
      headers: {
        RequestId: {
          description: "Identifies the request in server logs; also error.request_id.",
          required: true,
          schema: { type: "string" },
        },
        CacheControl: { description: "no-store: responses carry workspace data.", required: true, schema: { type: "string" } },
        ETag: {
          description: "The version of this representation, for If-Match and If-None-Match.",
          required: true,
          schema: { type: "string" },
        },
        RetryAfter: { description: "Seconds to wait before trying again.", required: true, schema: { type: "integer", minimum: 1 } },
        RateLimitLimit: {
          description: "Requests per minute the token may make (IETF draft-ietf-httpapi-ratelimit-headers).",
          schema: { type: "integer", minimum: 1 },
        },
        RateLimitRemaining: {
          description: "Requests left in the current one-minute window, across every server.",
          schema: { type: "integer", minimum: 0 },
        },
        RateLimitReset: {
          description: "Seconds until the window ends and the count starts again.",
          schema: { type: "integer", minimum: 1 },
        },
        WwwAuthenticateChallenge: {
          description: 'The RFC 6750 challenge: Bearer realm="tollgate" when no token came, with error="invalid_token" otherwise.',
          required: true,
          schema: { type: "string" },
        },
        WwwAuthenticate: {
          description:
            'The RFC 6750 challenge: Bearer realm="tollgate", with error="invalid_request", "invalid_token" or "insufficient_scope" (and scope) when one applies.',
          schema: { type: "string" },
        },
      },
      responses: {
        InvalidRequest: errorResponse(
          `invalid_request: a query parameter the operation does not take, a bad limit or cursor, a body that is not JSON (at most ${MAX_BODY_BYTES} bytes), or malformed, repeated or conflicting credentials (then with WWW-Authenticate error="invalid_request"); details name the fields.`,
          { "WWW-Authenticate": ref("headers", "WwwAuthenticate") },
        ),
        Unauthorized: errorResponse(
          'unauthorized: no token (WWW-Authenticate: Bearer realm="tollgate"), or a malformed, unknown, expired or suspended one (error="invalid_token").',
          { "WWW-Authenticate": ref("headers", "WwwAuthenticateChallenge") },
        ),
        Forbidden: errorResponse(
          'forbidden: the token lacks the scope (WWW-Authenticate: ... error="insufficient_scope", scope="...") or holds a workspace-wide scope without access to all resources; personal_token_required: a workspace token on /api/v1/user/*; https_required; ip_not_allowed. Every 403 carries WWW-Authenticate with error="insufficient_scope" (and error_description when no scope is named).',
          { "WWW-Authenticate": ref("headers", "WwwAuthenticate"), ...RATE_LIMIT_HEADERS },
        ),
        NotModified: {
          description: "Not modified: the resource still has the ETag in If-None-Match.",
          headers: { ...COMMON_HEADERS, ETag: ref("headers", "ETag") },
        },
        NotFound: errorResponse("not_found: no such resource, or the token cannot reach it."),
        PreconditionFailed: errorResponse("precondition_failed: If-Match did not match; the current ETag is in the response.", {
          ETag: ref("headers", "ETag"),
        }),
        RateLimited: errorResponse(
          "rate_limited: the token used up its requests per minute (with the RateLimit-* headers), or this address made too many failed authentications.",
          { "Retry-After": ref("headers", "RetryAfter"), ...RATE_LIMIT_HEADERS },
        ),
        InternalError: errorResponse("internal_error: quote the request id when reporting it."),
        ServiceUnavailable: errorResponse(
          "service_unavailable: the database cannot be reached or written for a moment, or the server is checking too many tokens it has never seen at once; nothing was changed. Retry after Retry-After seconds.",
          { "Retry-After": ref("headers", "RetryAfter") },
        ),
      },
    },
  };
}

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;
export const openApiDocument = () => (cached ??= buildOpenApiDocument());
