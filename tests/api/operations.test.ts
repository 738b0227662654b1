import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "@/lib/api/endpoints";
import { openApiDocument } from "@/lib/api/openapi";
import { OPERATIONS } from "@/lib/api/operations";
import { api, BASE_URL } from "./helpers";

// One route table: lib/api/operations.ts names each operation (method, path, scope), lib/api/endpoints.ts
// serves it, lib/api/router.ts routes from the two, and the OpenAPI document is built from the first.
describe("the operation table is what the router serves and what the document says", () => {
  for (const op of OPERATIONS) {
    it(`${op.method.toUpperCase()} ${op.path} is served by the handler of ${op.id}, requiring ${op.scope ?? "no scope"}`, () => {
      expect(ENDPOINTS[op.id].operationId).toBe(op.id);
      const documented = (
        openApiDocument().paths as Record<string, Record<string, { operationId: string; "x-required-scope": string | null }>>
      )[op.path][op.method];
      expect(documented.operationId).toBe(op.id);
      expect(documented["x-required-scope"]).toBe(op.scope);
    });
  }

  it("has an endpoint for every operation and none besides", () => {
    expect(Object.keys(ENDPOINTS).sort()).toEqual(OPERATIONS.map((op) => op.id).sort());
  });

  it("answers every path of the table off Next.js: no Next.js headers on any API response", async () => {
    for (const op of OPERATIONS) {
      const path = op.path.replace("{serial}", "NOPE-1").replace("{id}", "nope");
      const res = await api(path, { method: op.method.toUpperCase(), headers: { "content-type": "application/json" } });
      expect(res.headers.get("x-request-id"), `${op.method} ${path}`).toMatch(/^[0-9a-f-]{36}$/);
      for (const name of ["vary", "x-nextjs-cache", "x-nextjs-prerender", "x-powered-by"]) {
        expect(res.headers.get(name), `${name} on ${op.method} ${path}`).toBeNull();
      }
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      await res.body?.cancel();
    }
    expect(BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });
});
