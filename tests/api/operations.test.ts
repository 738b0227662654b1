import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "@/lib/api/operations";
import { openApiDocument } from "@/lib/api/openapi";

/** The route file Next.js serves an OpenAPI path from. */
const routeFile = (apiPath: string) => path.join("app", apiPath.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");

describe("the operation table is what the routes enforce and what the document says", () => {
  for (const op of OPERATIONS) {
    it(`${op.method.toUpperCase()} ${op.path} is served by the handler of ${op.id}, requiring ${op.scope ?? "no scope"}`, async () => {
      const mod = (await import(/* @vite-ignore */ path.resolve(routeFile(op.path)))) as Record<string, { operationId?: string }>;
      expect(mod[op.method.toUpperCase()]?.operationId).toBe(op.id);
      const documented = (
        openApiDocument().paths as Record<string, Record<string, { operationId: string; "x-required-scope": string | null }>>
      )[op.path][op.method];
      expect(documented.operationId).toBe(op.id);
      expect(documented["x-required-scope"]).toBe(op.scope);
    });
  }

  it("every method a route file under /api/v1 exports is in the table", async () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === "route.ts") files.push(full);
      }
    };
    walk(path.join("app", "api", "v1"));
    for (const file of files) {
      const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, { operationId?: string }>;
      for (const [method, handler] of Object.entries(mod)) {
        if (!["GET", "PATCH", "POST", "PUT", "DELETE"].includes(method) || !handler.operationId) continue;
        const op = OPERATIONS.find((o) => o.id === handler.operationId);
        expect(op, `${file} ${method}`).toBeDefined();
        expect(routeFile(op!.path)).toBe(file);
        expect(op!.method.toUpperCase()).toBe(method);
      }
    }
    // Every file is one the table knows, except the JSON 404s and the document itself.
    const known = new Set(OPERATIONS.map((o) => routeFile(o.path)));
    const others = files.filter((f) => !known.has(f)).sort();
    expect(others).toEqual([
      path.join("app", "api", "v1", "[...path]", "route.ts"),
      path.join("app", "api", "v1", "openapi.json", "route.ts"),
      path.join("app", "api", "v1", "route.ts"),
    ]);
  });
});
