import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { SCOPES } from "@/lib/scopes";
import { api } from "./helpers";

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { security: Record<string, string[]>[]; "x-required-scope": string | null }>>;
  components: { securitySchemes: Record<string, Record<string, string>> };
};

describe("GET /api/v1/openapi.json", () => {
  it("serves a valid OpenAPI 3.1 document without a token", async () => {
    const res = await api("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBeTruthy();
    const doc = (await res.json()) as Doc;
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(doc.openapi).toMatch(/^3\.1\./);
  });

  it("declares one security scheme, with the scope each operation needs as its role name", async () => {
    const doc = (await (await api("/api/v1/openapi.json")).json()) as Doc;
    // One scheme, so a generated client sends one header (x-api-key is described, not a second alternative to fill).
    expect(Object.keys(doc.components.securitySchemes)).toEqual(["bearerAuth"]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.bearerAuth.description).toContain("x-api-key");
    const devices = doc.paths["/api/v1/devices/{serial}"];
    expect(devices.get["x-required-scope"]).toBe("devices:read");
    expect(devices.patch.security).toEqual([{ bearerAuth: ["devices:write"] }]);
    expect(devices.head.security).toEqual([{ bearerAuth: ["devices:read"] }]);
    expect(devices.options.security).toEqual([]);
    const required = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op?.["x-required-scope"]));
    for (const scope of SCOPES) expect(required).toContain(scope);
  });
});
