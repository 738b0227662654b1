import { z } from "zod";
import { env } from "../env";
import { describeScope, SCOPE_GROUPS } from "../scopes";
import { TOKEN_PATTERN } from "../tokens/format";
import { WEBHOOK_EVENT_SUMMARIES, WEBHOOK_EVENTS, webhookEventSchema } from "../webhooks/events";
import { CLIENT_REQUEST_ID } from "./errors";
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
  WebhookEvent: webhookEventSchema,
  // Not "Error": a generated client's type of that name would shadow the global Error.
  ApiError: s.errorSchema,
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
/** The token's request limit (policy "token"), on every response to a token that has one (all of them unless the server runs with API_TOKEN_RATE_LIMIT=0). */
const TOKEN_LIMIT_HEADERS = {
  "RateLimit-Policy": ref("headers", "RateLimitPolicy"),
  RateLimit: ref("headers", "RateLimit"),
  "RateLimit-Limit": ref("headers", "RateLimitLimit"),
  "RateLimit-Remaining": ref("headers", "RateLimitRemaining"),
  "RateLimit-Reset": ref("headers", "RateLimitReset"),
};
/** The address's failure budget (policy "auth_failures"), on responses whose failure counted against it. */
const FAILURE_BUDGET_HEADERS = {
  "RateLimit-Policy": ref("headers", "RateLimitPolicy"),
  RateLimit: ref("headers", "RateLimit"),
};

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The operation as OpenAPI has it: parameters, security with its scope, and every response it can give. */
function operation(op: Operation) {
  const pathParam = /\{(\w+)\}/.exec(op.path)?.[1];
  const single = Boolean(pathParam);
  const rename = Boolean(op.body && !op.public);
  const parameters = [
    ref("parameters", "RequestId"),
    ...(op.paginated ? [ref("parameters", "Limit"), ref("parameters", "Cursor")] : []),
    ...("sync" in op && op.sync ? [ref("parameters", "UpdatedSince")] : []),
    ...(single && op.method === "get" ? [ref("parameters", "IfNoneMatch")] : []),
    ...(rename ? [ref("parameters", "IfMatch"), ref("parameters", "IfNoneMatchWrite")] : []),
  ];
  const responses: Record<string, unknown> = {
    "200": {
      description: "OK",
      headers: { ...COMMON_HEADERS, ...(op.public ? {} : TOKEN_LIMIT_HEADERS), ...(single ? { ETag: ref("headers", "ETag") } : {}) },
      content: { "application/json": { schema: ref("schemas", op.response) } },
    },
    ...(single && op.method === "get" ? { "304": ref("responses", "NotModified") } : {}),
    "400": ref("responses", "InvalidRequest"),
    ...(op.public ? {} : { "401": ref("responses", "Unauthorized"), "403": ref("responses", "Forbidden") }),
    ...(single ? { "404": ref("responses", "NotFound") } : {}),
    ...(rename ? { "412": ref("responses", "PreconditionFailed") } : {}),
    ...(op.body ? { "413": ref("responses", "ContentTooLarge") } : {}),
    ...(op.body ? { "415": ref("responses", op.method === "patch" ? "UnsupportedMediaTypePatch" : "UnsupportedMediaTypePost") } : {}),
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
    // One scheme, so generated clients send one header; the scope is the requirement's role name (OpenAPI 3.1, 4.8.30).
    security: op.public ? [] : [{ bearerAuth: scopes }],
    parameters,
    ...(op.body
      ? { requestBody: { required: true, content: { "application/json": { schema: ref("schemas", op.request ?? "RenameRequest") } } } }
      : {}),
    responses,
  };
}

/** HEAD: the GET's statuses and headers, never a body. */
function headOperation(get: ReturnType<typeof operation>, op: Operation) {
  const responses = Object.fromEntries(
    Object.entries(get.responses).map(([status, response]) => {
      const resolved = (response as { $ref?: string }).$ref ? RESPONSE_BY_REF[(response as { $ref: string }).$ref] : response;
      const { content: _content, ...rest } = resolved as { content?: unknown; description: string };
      return [status, rest];
    }),
  );
  const { requestBody: _body, ...rest } = get as typeof get & { requestBody?: unknown };
  return {
    ...rest,
    operationId: `head${capitalised(op.id)}`,
    summary: `${op.summary} (headers only)`,
    tags: [op.tag, "protocol"],
    responses,
  };
}

/** OPTIONS: which methods the path takes; no token needed. */
function optionsOperation(path: string, methods: string[]) {
  const name = path
    .replace("/api/v1/", "")
    .split(/[/-]/)
    .map((part) => capitalised(part.replace(/[{}]/g, "")))
    .join("");
  const allow = [...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
  return {
    operationId: `options${name}`,
    tags: ["protocol"],
    summary: `The methods ${path} takes`,
    description: `Allow: ${allow.join(", ")}. No token needed.`,
    security: [],
    parameters: [ref("parameters", "RequestId")],
    responses: {
      "204": {
        description: "The methods the path takes, in Allow.",
        headers: {
          ...COMMON_HEADERS,
          Allow: ALLOW_HEADER,
          ...(methods.includes("PATCH") ? { "Accept-Patch": ref("headers", "AcceptPatch") } : {}),
        },
      },
    },
  };
}

function errorResponse(description: string, headers: Record<string, unknown> = {}) {
  return {
    description,
    headers: { ...COMMON_HEADERS, ...headers },
    content: { "application/json": { schema: ref("schemas", "ApiError") } },
  };
}

const scopeList = SCOPE_GROUPS.flatMap((g) => g.scopes.map((sc) => `- \`${sc.id}\`: ${sc.description}`)).join("\n");

const RESPONSES = {
  InvalidRequest: errorResponse(
    'invalid_request: a query parameter the operation does not take, a bad limit, cursor or updated_since, a body that is not valid JSON or has an invalid name, or malformed, repeated or conflicting credentials (then with WWW-Authenticate error="invalid_request" and the auth_failures RateLimit fields); details name the fields.',
    { "WWW-Authenticate": ref("headers", "WwwAuthenticate"), ...FAILURE_BUDGET_HEADERS },
  ),
  Unauthorized: errorResponse(
    'unauthorized: no token (WWW-Authenticate: Bearer realm="tollgate"), or a malformed, unknown, expired or suspended one (error="invalid_token"). A failure that counts against the address carries the auth_failures RateLimit fields.',
    { "WWW-Authenticate": ref("headers", "WwwAuthenticateChallenge"), ...FAILURE_BUDGET_HEADERS },
  ),
  Forbidden: errorResponse(
    'forbidden: the token lacks the scope (WWW-Authenticate: ... error="insufficient_scope", scope="...") or holds a workspace-wide scope without access to all resources; personal_token_required: a workspace token on /api/v1/user/*; https_required; ip_not_allowed. Every 403 carries WWW-Authenticate with error="insufficient_scope" (and error_description when no scope is named).',
    { "WWW-Authenticate": ref("headers", "WwwAuthenticate"), ...TOKEN_LIMIT_HEADERS },
  ),
  NotModified: {
    description: "Not modified: the resource still has the ETag in If-None-Match. No body and no Content-Type.",
    headers: { ...COMMON_HEADERS, ...TOKEN_LIMIT_HEADERS, ETag: ref("headers", "ETag") },
  },
  NotFound: errorResponse("not_found: no such resource, or the token cannot reach it.", TOKEN_LIMIT_HEADERS),
  MethodNotAllowed: errorResponse("method_not_allowed: the path does not take this method; Allow lists those it takes.", {
    Allow: ALLOW_HEADER,
  }),
  PreconditionFailed: errorResponse(
    "precondition_failed: If-Match did not match, or If-None-Match did (`*` always does on a PATCH); the current ETag is in the response.",
    { ETag: ref("headers", "ETag"), ...TOKEN_LIMIT_HEADERS },
  ),
  ContentTooLarge: errorResponse("content_too_large: the body is over the operation's limit; nothing was read or changed."),
  UnsupportedMediaTypePatch: errorResponse("unsupported_media_type: send the body as application/json (Accept-Patch).", {
    "Accept-Patch": ref("headers", "AcceptPatch"),
  }),
  UnsupportedMediaTypePost: errorResponse("unsupported_media_type: send the body as application/json (Accept-Post).", {
    "Accept-Post": ref("headers", "AcceptPost"),
  }),
  RateLimited: errorResponse(
    'rate_limited: the token used up its requests per minute (policy "token"), or this address made too many failed authentications (policy "auth_failures"). RateLimit says which, with r=0.',
    { "Retry-After": ref("headers", "RetryAfter"), ...TOKEN_LIMIT_HEADERS },
  ),
  InternalError: errorResponse("internal_error: quote the request id when reporting it."),
  ServiceUnavailable: errorResponse(
    "service_unavailable: the database cannot be reached or written for a moment, or the server is checking too many tokens it has never seen at once; nothing was changed. Retry after Retry-After seconds.",
    { "Retry-After": ref("headers", "RetryAfter") },
  ),
};
const RESPONSE_BY_REF: Record<string, unknown> = Object.fromEntries(
  Object.entries(RESPONSES).map(([name, response]) => [`#/components/responses/${name}`, response]),
);

const HEADERS = {
  RequestId: {
    description:
      "Identifies the request in server logs and the token's request list; also error.request_id. Your own X-Request-Id when it was well formed.",
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
  RateLimitPolicy: {
    description:
      'The quota that applies (draft-ietf-httpapi-ratelimit-headers-10): `"token";q=<requests>;w=60` for the token\'s requests per minute, `"auth_failures";q=<failures>;w=60` for failed authentications from the address.',
    schema: { type: "string", examples: ['"token";q=1000;w=60'] },
  },
  RateLimit: {
    description: 'What is left of that quota: `"<policy>";r=<remaining>;t=<seconds until it resets>`.',
    schema: { type: "string", examples: ['"token";r=998;t=41'] },
  },
  RateLimitLimit: {
    description: "Deprecated (an earlier draft), sent one more release: the token's requests per minute. Read RateLimit-Policy.",
    deprecated: true,
    schema: { type: "integer", minimum: 1 },
  },
  RateLimitRemaining: {
    description: "Deprecated (an earlier draft), sent one more release: requests left in this window. Read RateLimit's r.",
    deprecated: true,
    schema: { type: "integer", minimum: 0 },
  },
  RateLimitReset: {
    description: "Deprecated (an earlier draft), sent one more release: seconds until the window ends. Read RateLimit's t.",
    deprecated: true,
    schema: { type: "integer", minimum: 1 },
  },
  AcceptPatch: {
    description: "The media type a PATCH body must have (RFC 5789).",
    required: true,
    schema: { type: "string", const: "application/json" },
  },
  AcceptPost: {
    description: "The media type a POST body must have.",
    required: true,
    schema: { type: "string", const: "application/json" },
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
};

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const item = (paths[op.path] ??= {});
    const built = operation(op);
    item[op.method] = built;
    if (op.method === "get") item.head = headOperation(built, op);
  }
  for (const [path, item] of Object.entries(paths)) {
    const methods = OPERATIONS.filter((op) => op.path === path).map((op) => op.method.toUpperCase());
    item.options = optionsOperation(path, methods);
    item.description = `Any other method is 405 method_not_allowed with Allow (components.responses.MethodNotAllowed).`;
    // Path parameters once per path, for every method on it.
    const param = /\{(\w+)\}/.exec(path)?.[1];
    if (param) item.parameters = [ref("parameters", param === "serial" ? "Serial" : "Id")];
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
      version: "1.1.0",
      license: { name: "Proprietary", identifier: "LicenseRef-Tollgate" },
      contact: { name: "Tollgate security", email: "security@tollgate.example" },
      description: `Token-authenticated access to a workspace's devices, groups, sites and audit log.\n\nSend the token as \`Authorization: Bearer <token>\` (or, where a tool cannot, as \`x-api-key: <token>\`; never both with different values).\n\nScopes:\n${scopeList}\n\nEvery path answers OPTIONS with 204 and an Allow header, HEAD like GET without a body, and any other method it does not take with 405, Allow and the error shape (components.responses.MethodNotAllowed).\n\nIncremental sync: device, group and site lists take \`updated_since\`. Keep the Date header of the first response of a walk, less a minute for writes still committing, and pass it next time: an item may come twice, but none is missed. Deletions are not reported by it; a sandbox reset marks every sandbox row changed.`,
    },
    servers: [{ url: env.AUTH_URL?.replace(/\/$/, "") ?? "/", description: "This Tollgate" }],
    tags: [
      { name: "token", description: "The calling token" },
      { name: "user", description: "The person a personal token (tg_user_) acts as" },
      { name: "revocations", description: "Leaked-token reports from secret scanners" },
      ...SCOPE_GROUPS.map((g) => ({ name: g.resource, description: g.label })),
      { name: "protocol", description: "HTTP behaviour every path shares (HEAD, OPTIONS, 405)" },
      { name: "webhooks", description: "Events Tollgate posts to a workspace's webhook URL" },
    ],
    paths,
    webhooks: webhookDocument(),
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: `A Tollgate API token matching ${TOKEN_PATTERN.source}. The same token is also accepted in the x-api-key header; send one of the two.`,
        },
      },
      parameters: {
        Serial: keyParam("serial", "Device serial number."),
        Id: keyParam("id", "Resource id."),
        RequestId: {
          name: "X-Request-Id",
          in: "header",
          required: false,
          description:
            "Your own id for this request (1–128 letters, digits, `.`, `_`, `:`, `-`): echoed in X-Request-Id and kept in the token's request list. Otherwise the server makes one.",
          schema: { type: "string", pattern: CLIENT_REQUEST_ID.source },
        },
        Limit: {
          name: "limit",
          in: "query",
          required: false,
          description: "Page size.",
          schema: { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
        },
        UpdatedSince: {
          name: "updated_since",
          in: "query",
          required: false,
          description:
            "Only items whose updated_at is at or after this RFC 3339 timestamp (with Z or an offset). Part of the walk: next_cursor continues only a walk with the same value.",
          schema: { type: "string", format: "date-time" },
        },
        IfMatch: {
          name: "If-Match",
          in: "header",
          required: false,
          description: "Rename only if the resource still has this ETag (412 otherwise).",
          schema: { type: "string" },
        },
        IfNoneMatchWrite: {
          name: "If-None-Match",
          in: "header",
          required: false,
          description: "412 if the resource has one of these ETags; `*` is always 412, since a PATCH changes only what exists.",
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
      headers: HEADERS,
      responses: RESPONSES,
    },
  };
}

/** OpenAPI 3.1 `webhooks`: one entry per event, each a signed POST of the WebhookEvent body. */
function webhookDocument() {
  const header = (name: string, description: string) => ({ name, in: "header", required: true, description, schema: { type: "string" } });
  return Object.fromEntries(
    WEBHOOK_EVENTS.map((event) => [
      event,
      {
        post: {
          operationId: `webhook${event.split(/[._]/).map(capitalised).join("")}`,
          tags: ["webhooks"],
          summary: WEBHOOK_EVENT_SUMMARIES[event],
          // Tollgate calls the receiver; the signature, not a token, is what it checks.
          security: [],
          description:
            'Signed: verify Tollgate-Signature (t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">) with the workspace\'s signing secret before trusting the body. Answer 2xx within 10 s; anything else is retried with back-off.',
          parameters: [
            header("Tollgate-Event", `The event type: ${event}.`),
            header("Tollgate-Delivery", "The event's id (also the body's id): the same on every retry, so a receiver can drop duplicates."),
            header("Tollgate-Signature", "t=<unix seconds>,v1=<hex HMAC-SHA-256>."),
          ],
          requestBody: { required: true, content: { "application/json": { schema: ref("schemas", "WebhookEvent") } } },
          responses: { "2XX": { description: "Received; any 2xx counts as delivered." } },
        },
      },
    ]),
  );
}

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;
export const openApiDocument = () => (cached ??= buildOpenApiDocument());
