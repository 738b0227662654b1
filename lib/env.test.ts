import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEnv, SETTINGS } from "./env";

/** The variables named in the first column of README's "Environment variables" table. */
function documented(): string[] {
  const readme = fs.readFileSync("README.md", "utf8");
  const section = readme.split(/^## Environment variables$/m)[1]?.split(/^## /m)[0] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) => [...line.split("|")[1].matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]));
}

describe("settings", () => {
  it("README documents exactly the variables lib/env.ts reads", () => {
    expect(documented().sort()).toEqual(Object.keys(SETTINGS).sort());
  });

  it("applies defaults, treats empty as unset and coerces numbers", () => {
    const env = parseEnv({ TOKEN_CACHE_TTL_MS: "0", SIGNIN_LIMIT_PER_IP: "", REQUIRE_HTTPS: "false", UNRELATED: "x" });
    expect(env.TOKEN_CACHE_TTL_MS).toBe(0);
    expect(env.SIGNIN_LIMIT_PER_IP).toBe(50);
    expect(env.REQUIRE_HTTPS).toBe(false);
    expect(env.NODE_ENV).toBe("development");
  });

  it("stops with a message naming each bad variable", () => {
    expect(() => parseEnv({ AUTH_URL: "not a url", DATABASE_POOL_SIZE: "-3" })).toThrow(
      /AUTH_URL[\s\S]*DATABASE_POOL_SIZE|DATABASE_POOL_SIZE[\s\S]*AUTH_URL/,
    );
  });
});
