import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Cases that exist on one database only are chosen here rather than skipped.
const postgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const nginx = fs.existsSync("/usr/sbin/nginx");
if (!nginx) console.warn("\n!! nginx is not installed (apt-get install nginx): tests/production/proxy.test.ts does not run.\n");

// Integration tests: real HTTP against `next start` (BASE_URL) and the same database (DATABASE_URL).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: [
      ...(postgres ? ["tests/production/disk.test.ts"] : ["tests/production/outage.test.ts"]),
      ...(nginx ? [] : ["tests/production/proxy.test.ts"]),
    ],
    environment: "node",
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
