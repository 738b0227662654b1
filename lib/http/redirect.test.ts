import { describe, expect, it } from "vitest";
import { sameSitePath } from "./redirect";

describe("sameSitePath", () => {
  it("keeps paths and queries on this site", () => {
    expect(sameSitePath("/w/acme/settings/developers")).toBe("/w/acme/settings/developers");
    expect(sameSitePath("/docs/api?x=1#frag")).toBe("/docs/api?x=1");
  });

  it("refuses every way off the site", () => {
    for (const hostile of [
      "//evil.example/",
      "/\t/evil.example/",
      "/\n/evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/%09/evil.example/",
      "/%2F/evil.example",
      "/%5Cevil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      " /w/acme",
      "",
      "w/acme",
      null,
      42,
    ]) {
      expect(sameSitePath(hostile), String(hostile)).toBeNull();
    }
  });
});
