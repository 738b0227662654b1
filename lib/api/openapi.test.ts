import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { SCOPES } from "../scopes";
import { buildOpenApiDocument } from "./openapi";

describe("the OpenAPI document", () => {
  const doc = buildOpenApiDocument();

  it("is valid OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("requires every scope of the catalogue on some operation", () => {
    const required = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).map((op) => (op as { "x-required-scope": string | null })["x-required-scope"]),
    );
    for (const scope of SCOPES) expect(required).toContain(scope);
  });

  it("describes the rename body from the same zod schema the handlers use", () => {
    expect(doc.components.schemas.RenameRequest).toMatchObject({
      type: "object",
      required: ["name"],
      additionalProperties: false,
      properties: { name: { type: "string", minLength: 1, maxLength: 64 } },
    });
  });
});
