import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Prisma's schema engine here splits a PostgreSQL migration into statements at
// every semicolon, comments included: "-- a; b" sends "b" as SQL and the
// deploy fails with a syntax error (it happened twice while writing
// 20261205000000). Caught here, before a database is needed.
const root = path.join(process.cwd(), "prisma");

function migrations(provider: "sqlite" | "postgres") {
  const dir = path.join(root, provider, "migrations");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({ name: e.name, sql: fs.readFileSync(path.join(dir, e.name, "migration.sql"), "utf8") }));
}

describe("migrations", () => {
  it.each(["sqlite", "postgres"] as const)("%s: no comment holds a semicolon", (provider) => {
    const bad = migrations(provider).flatMap(({ name, sql }) =>
      sql
        .split("\n")
        .map((line, i) => ({ line: i + 1, text: line }))
        .filter(({ text }) => /--[^\n]*;/.test(text))
        .map(({ line, text }) => `${name}/migration.sql:${line}: ${text.trim()}`),
    );
    expect(bad).toEqual([]);
  });

  it("the two providers have the same migrations, by name", () => {
    expect(migrations("sqlite").map((m) => m.name)).toEqual(migrations("postgres").map((m) => m.name));
  });
});
