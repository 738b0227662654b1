// Contract checks: every response the API tests receive is validated against
// the OpenAPI document the server publishes (status, headers, body), with
// ajv, so the server cannot drift from its document.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { openApiDocument } from "../../lib/api/openapi";

type Json = Record<string, unknown>;
const doc = openApiDocument() as unknown as Json & { paths: Record<string, Record<string, Json>>; components: Json };

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "tollgate", components: doc.components }, "tollgate");

function resolve<T = Json>(node: unknown): T {
  let value = node as Json;
  while (value && typeof value.$ref === "string") {
    const path = (value.$ref as string).replace(/^#\//, "").split("/");
    value = path.reduce<Json>((at, key) => at[key] as Json, doc);
  }
  return value as T;
}

const templates = Object.keys(doc.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+")}$`),
}));

/** Throws with every way `response` departs from the document; passes bodies it cannot know (unknown paths: the error shape only). */
export async function checkContract(method: string, url: string, response: Response): Promise<void> {
  // The server treats a trailing slash as absent (lib/api/router.ts, not strict).
  const pathname = new URL(url).pathname.replace(/(.)\/+$/, "$1");
  // The document itself is checked by an OpenAPI validator (tests/api/openapi.test.ts).
  if (pathname === "/api/v1/openapi.json" && response.ok) return;
  const problems: string[] = [];
  const status = String(response.status);
  const text = response.status === 204 || response.status === 304 || method === "HEAD" ? "" : await response.clone().text();
  const template = templates.find((t) => t.pattern.test(pathname))?.template;
  const operation = template ? (doc.paths[template][method.toLowerCase()] as Json | undefined) : undefined;
  let schemaRef: string | undefined;
  let headers: Record<string, unknown> = {};
  let declaresBody = false;
  if (template && !operation) {
    // A method the path does not take: 405 with Allow, in the error shape.
    if (status === "405") {
      const resolved = resolve<{ headers?: Record<string, unknown>; content?: Record<string, { schema?: { $ref?: string } }> }>(
        (doc.components.responses as Json).MethodNotAllowed,
      );
      headers = resolved.headers ?? {};
      schemaRef = resolved.content?.["application/json"]?.schema?.$ref;
      declaresBody = true;
    } else problems.push(`${method} ${template} answered ${status}; a method the document does not list must get 405`);
  } else if (operation) {
    const responses = operation.responses as Record<string, unknown>;
    const declared = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
    if (!declared) problems.push(`status ${status} is not declared for ${method} ${template}`);
    else {
      const resolved = resolve<{ headers?: Record<string, unknown>; content?: Record<string, { schema?: { $ref?: string } }> }>(declared);
      headers = resolved.headers ?? {};
      schemaRef = resolved.content?.["application/json"]?.schema?.$ref;
      declaresBody = Boolean(resolved.content);
      if (resolved.content && !text && method !== "HEAD") problems.push("declared a body, got none");
    }
  } else if (response.status >= 400) {
    // Paths the document does not list still answer in the one error shape.
    schemaRef = "#/components/schemas/ApiError";
    headers = { "X-Request-Id": { required: true }, "Cache-Control": { required: true } };
    declaresBody = true;
  } else {
    problems.push(`${method} ${pathname} answered ${status} but the document has no such operation`);
  }
  // A response without a body says nothing about a body's type (204, 304; clients switch on Content-Type).
  if (
    (response.status === 204 || response.status === 304 || (!declaresBody && problems.length === 0 && method !== "HEAD")) &&
    response.headers.get("content-type") !== null
  ) {
    problems.push(`a ${status} without a body carries Content-Type ${response.headers.get("content-type")}`);
  }
  for (const [name, header] of Object.entries(headers)) {
    const spec = resolve<{ required?: boolean; schema?: Json }>(header);
    const value = response.headers.get(name);
    if (spec.required && value === null) problems.push(`missing header ${name}`);
  }
  if (schemaRef && text) {
    const validate = ajv.getSchema(`tollgate${schemaRef}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      problems.push("body is not JSON");
    }
    if (validate && body !== undefined && !validate(body)) problems.push(`body: ${ajv.errorsText(validate.errors)}`);
  }
  if (problems.length > 0) throw new Error(`${method} ${pathname} → ${status} breaks the OpenAPI contract:\n  ${problems.join("\n  ")}`);
}

/** fetch that checks the contract of every response it returns. */
export function contractFetch(fetchImpl: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await fetchImpl(request);
    await checkContract(request.method, request.url, response);
    return response;
  };
}

const webhookBodies = new Map<string, ReturnType<typeof ajv.compile>>();

/** A copy of a schema in which every object admits only the properties it names. */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (!node || typeof node !== "object") return node;
  const copy = Object.fromEntries(Object.entries(node as Json).map(([k, v]) => [k, closed(v)])) as Json;
  if (copy.type === "object" && copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

/**
 * Throws with every way a received webhook departs from the document's
 * `webhooks` section: the event must be listed, its required headers sent,
 * and its body match WebhookEvent with no field the document does not name.
 */
export function checkWebhook(headers: Record<string, string | string[] | undefined>, body: string): void {
  const event = String(headers["tollgate-event"]);
  const operation = (doc.webhooks as Record<string, { post: Json }> | undefined)?.[event]?.post;
  if (!operation) throw new Error(`webhook ${event} is not in the document's webhooks section`);
  const problems: string[] = [];
  for (const p of (operation.parameters as { name: string; in: string; required?: boolean }[]) ?? []) {
    if (p.in === "header" && p.required && headers[p.name.toLowerCase()] === undefined) problems.push(`missing header ${p.name}`);
  }
  const ref = ((operation.requestBody as Json).content as Record<string, { schema: { $ref: string } }>)["application/json"].schema.$ref;
  const validate = webhookBodies.get(ref) ?? ajv.compile(closed(resolve({ $ref: ref })) as Json);
  webhookBodies.set(ref, validate);
  const parsed = JSON.parse(body) as { type?: string; id?: string };
  if (!validate(parsed)) problems.push(`body: ${ajv.errorsText(validate.errors)}`);
  if (parsed.type !== event) problems.push(`body type ${parsed.type} differs from Tollgate-Event ${event}`);
  if (parsed.id !== headers["tollgate-delivery"]) problems.push("body id differs from Tollgate-Delivery");
  if (problems.length > 0) throw new Error(`webhook ${event} breaks the OpenAPI document:\n  ${problems.join("\n  ")}`);
}
