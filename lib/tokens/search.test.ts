import { describe, expect, it } from "vitest";
import { FULL_TOKEN, filterQuery, parseSearchTerm, parseTokenFilter } from "./search";
import { generateToken } from "./format";

describe("token search", () => {
  it("reads a masked value, a prefix, or words", () => {
    expect(parseSearchTerm("tg_live_8Hq2…x9Fa")).toEqual({ kind: "masked", prefix: "tg_live_8Hq2", lastFour: "x9Fa" });
    expect(parseSearchTerm("tg_test_8Hq2...x9Fa")).toEqual({ kind: "masked", prefix: "tg_test_8Hq2", lastFour: "x9Fa" });
    expect(parseSearchTerm("tg_user_8H")).toEqual({ kind: "prefix", prefix: "tg_user_8H" });
    expect(parseSearchTerm("warehouse sync")).toEqual({ kind: "text", text: "warehouse sync" });
  });

  it("knows a whole value when one is pasted, so it never goes into a URL", () => {
    expect(FULL_TOKEN.test(generateToken())).toBe(true);
    expect(FULL_TOKEN.test(` ${generateToken("test")} `)).toBe(true);
    expect(FULL_TOKEN.test("tg_live_8Hq2…x9Fa")).toBe(false);
  });

  it("keeps only known values from the URL and writes them back without defaults", () => {
    const filter = parseTokenFilter({ q: " ci ", scope: "devices:read", state: "bogus", sort: "name", creator: "x'; drop" });
    expect(filter).toEqual({ q: "ci", scope: "devices:read", creator: undefined, state: undefined, sort: "name" });
    expect(filterQuery(filter, { env: "live" })).toBe("?env=live&q=ci&scope=devices%3Aread&sort=name");
    expect(filterQuery(parseTokenFilter({}))).toBe("");
  });
});
