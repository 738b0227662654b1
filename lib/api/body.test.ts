import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, readJsonBody } from "./body";
import { renameBodySchema } from "./schemas";

const patch = (body: string, type = "application/json") =>
  new Request("http://x/api/v1/devices/A", { method: "PATCH", headers: { "content-type": type }, body });

describe("readJsonBody with the rename schema", () => {
  it("trims the name", async () => {
    expect(await readJsonBody(patch('{"name":"  Dock 7  "}'), renameBodySchema)).toEqual({ ok: true, data: { name: "Dock 7" } });
  });

  it("accepts a charset parameter", async () => {
    const result = await readJsonBody(patch('{"name":"Dock"}', "application/json; charset=utf-8"), renameBodySchema);
    expect(result.ok).toBe(true);
  });

  it("refuses another media type with 415's code and Accept-Patch, and an oversize body with 413's", async () => {
    const wrongType = await readJsonBody(patch('{"name":"Dock"}', "text/plain"), renameBodySchema);
    expect(wrongType).toMatchObject({ ok: false, code: "unsupported_media_type", headers: { "Accept-Patch": "application/json" } });
    const huge = await readJsonBody(patch(JSON.stringify({ name: "Dock", pad: "x".repeat(MAX_BODY_BYTES) })), renameBodySchema);
    expect(huge).toMatchObject({ ok: false, code: "content_too_large" });
    const post = new Request("http://x/api/v1/revocations", { method: "POST", headers: { "content-type": "text/csv" }, body: "a" });
    expect(await readJsonBody(post, renameBodySchema)).toMatchObject({ headers: { "Accept-Post": "application/json" } });
    expect(await readJsonBody(patch("{name:"), renameBodySchema)).toMatchObject({ ok: false, code: "invalid_request" });
  });

  it.each([
    ["wrong media type", patch('{"name":"Dock"}', "text/plain"), "content-type"],
    ["bad JSON", patch("{name:"), "body"],
    ["not an object", patch("[]"), "body"],
    ["missing name", patch("{}"), "name"],
    ["empty after trimming", patch('{"name":"   "}'), "name"],
    ["too long", patch(JSON.stringify({ name: "x".repeat(65) })), "name"],
    ["a number", patch('{"name":5}'), "name"],
    ["a bidi override", patch(JSON.stringify({ name: "abc\u202Edef" })), "name"],
    ["a control character", patch(JSON.stringify({ name: "abc\u0007" })), "name"],
    ["markup", patch(JSON.stringify({ name: "<script>" })), "name"],
    ["an extra field", patch('{"name":"Dock","siteId":"x"}'), "body"],
    ["over 16 KB", patch(JSON.stringify({ name: "Dock", pad: "x".repeat(MAX_BODY_BYTES) })), "body"],
  ])("refuses %s with details for %s", async (_label, request, field) => {
    const result = await readJsonBody(request, renameBodySchema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.details[field]?.length).toBeGreaterThan(0);
  });
});
