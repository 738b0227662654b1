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
  const operation = template
    ? (doc.paths[template][method.toLowerCase() === "head" ? "get" : method.toLowerCase()] as Json | undefined)
    : undefined;
  let schemaRef: string | undefined;
  let headers: Record<string, unknown> = {};
  const protocol = doc["x-tollgate-protocol"] as Record<"options" | "otherMethods", Json>;
  const other =
    template && !operation
      ? method === "OPTIONS" && status === "204"
        ? protocol.options
        : status === "405"
          ? protocol.otherMethods
          : null
      : null;
  if (other) {
    headers = (other.headers as Record<string, unknown>) ?? {};
    schemaRef = (other.content as Record<string, { schema?: { $ref?: string } }> | undefined)?.["application/json"]?.schema?.$ref;
  } else if (template && !operation) {
    problems.push(
      `${method} ${template} answered ${status}; the document allows only 204 to OPTIONS and 405 to methods a path does not take`,
    );
  } else if (operation) {
    const responses = operation.responses as Record<string, unknown>;
    const declared = responses[status] ?? responses.default;
    if (!declared) problems.push(`status ${status} is not declared for ${method} ${template}`);
    else {
      const resolved = resolve<{ headers?: Record<string, unknown>; content?: Record<string, { schema?: { $ref?: string } }> }>(declared);
      headers = resolved.headers ?? {};
      schemaRef = resolved.content?.["application/json"]?.schema?.$ref;
      if (resolved.content && !text && method !== "HEAD") problems.push("declared a body, got none");
    }
  } else if (response.status >= 400) {
    // Paths the document does not list still answer in the one error shape.
    schemaRef = "#/components/schemas/Error";
    headers = { "X-Request-Id": { required: true }, "Cache-Control": { required: true } };
  } else {
    problems.push(`${method} ${pathname} answered ${status} but the document has no such operation`);
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
