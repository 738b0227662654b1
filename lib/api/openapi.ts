import { z } from "zod";
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

function operation(op: Operation) {
  const pathParam = /\{(\w+)\}/.exec(op.path)?.[1];
  const parameters = [
    ...(pathParam ? [ref("parameters", pathParam === "serial" ? "Serial" : "Id")] : []),
    ...(op.paginated ? [ref("parameters", "Limit"), ref("parameters", "Cursor")] : []),
  ];
  const responses: Record<string, unknown> = {
    "200": {
      description: "OK",
      headers: { "X-Request-Id": ref("headers", "RequestId") },
      content: { "application/json": { schema: ref("schemas", op.response) } },
    },
    ...(op.paginated || op.body ? { "400": ref("responses", "InvalidRequest") } : {}),
    "401": ref("responses", "Unauthorized"),
    "403": ref("responses", "Forbidden"),
    ...(pathParam ? { "404": ref("responses", "NotFound") } : {}),
    "429": ref("responses", "RateLimited"),
    "500": ref("responses", "InternalError"),
  };
  const scopes = op.scope ? [op.scope] : [];
  return {
    operationId: op.id,
    tags: [op.tag],
    summary: op.summary,
    description: op.scope ? `Requires the \`${op.scope}\` scope: ${describeScope(op.scope)}` : "Any valid token; no scope needed.",
    "x-required-scope": op.scope,
    security: [{ bearerAuth: scopes }, { apiKeyAuth: scopes }],
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: ref("schemas", "RenameRequest") } } } } : {}),
    responses,
  };
}

function errorResponse(description: string) {
  return {
    description,
    headers: { "X-Request-Id": ref("headers", "RequestId") },
    content: { "application/json": { schema: ref("schemas", "Error") } },
  };
}

const scopeList = SCOPE_GROUPS.flatMap((g) => g.scopes.map((sc) => `- \`${sc.id}\`: ${sc.description}`)).join("\n");

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);
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
      description: `Token-authenticated access to a workspace's devices, groups, sites and audit log.\n\nScopes:\n${scopeList}`,
    },
    tags: [{ name: "token", description: "The calling token" }, ...SCOPE_GROUPS.map((g) => ({ name: g.resource, description: g.label }))],
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
        Cursor: {
          name: "cursor",
          in: "query",
          required: false,
          description: "next_cursor from the previous page; opaque.",
          schema: { type: "string" },
        },
      },
      headers: { RequestId: { description: "Identifies the request in server logs.", schema: { type: "string" } } },
      responses: {
        InvalidRequest: errorResponse(
          `invalid_request: bad parameters or body (JSON, at most ${MAX_BODY_BYTES} bytes); details name the fields.`,
        ),
        Unauthorized: errorResponse(
          'unauthorized: missing, malformed, unknown, expired or suspended token. Carries WWW-Authenticate: Bearer realm="tollgate", error="invalid_token".',
        ),
        Forbidden: errorResponse(
          'forbidden: the token lacks the scope (WWW-Authenticate: ... error="insufficient_scope", scope="..."), or https_required.',
        ),
        NotFound: errorResponse("not_found: no such resource, or the token cannot reach it."),
        RateLimited: errorResponse("rate_limited: too many failed authentications from this address; see Retry-After."),
        InternalError: errorResponse("internal_error: quote the request id when reporting it."),
      },
    },
  };
}

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;
export const openApiDocument = () => (cached ??= buildOpenApiDocument());
