import { describe, expect, it } from "vitest";
import { exampleCode, exampleRequests } from "./examples";

describe("exampleRequests", () => {
  it("always starts with the endpoint every token may call", () => {
    expect(exampleRequests([]).map((r) => r.path)).toEqual(["/api/v1/token"]);
  });
  it("adds the list endpoint of the first granted scope that has one", () => {
    expect(exampleRequests(["sites:read", "devices:read"]).map((r) => r.path)).toEqual(["/api/v1/token", "/api/v1/sites"]);
    // A write scope changes data: it gets no paste-and-run example; the next readable scope does.
    expect(exampleRequests(["devices:write", "groups:read"]).map((r) => r.path)).toEqual(["/api/v1/token", "/api/v1/groups"]);
    expect(exampleRequests(["devices:write"]).map((r) => r.path)).toEqual(["/api/v1/token"]);
  });
});

describe("exampleCode", () => {
  const request = { purpose: "", path: "/api/v1/token" };
  it("never holds a token value, only the environment variable", () => {
    for (const language of ["curl", "javascript", "python"] as const) {
      const code = exampleCode(language, "https://tollgate.example", request);
      expect(code).toContain("TOLLGATE_TOKEN");
      expect(code).toContain("https://tollgate.example/api/v1/token");
      expect(code).not.toMatch(/tg_live_/);
    }
  });
});
