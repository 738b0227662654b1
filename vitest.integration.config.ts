import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Cases that exist on one database only are chosen here rather than skipped.
const postgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const nginx = fs.existsSync("/usr/sbin/nginx");
if (!nginx) console.warn("\n!! nginx is not installed (apt-get install nginx): tests/production/proxy.test.ts does not run.\n");

// `npm test` runs two parts side by side (scripts/test.ts): TEST_PART=production is tests/production,
// which start servers of their own on their own databases; TEST_PART=http is the rest, against the
// harness's shared servers. Unset: both, one file at a time.
const part = process.env.TEST_PART;

// Integration tests: real HTTP against `next start` (BASE_URL) and the same database (DATABASE_URL).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: [part === "production" ? "tests/production/**/*.test.ts" : "tests/**/*.test.ts"],
    exclude: [
      ...(part === "http" ? ["tests/production/**"] : []),
      // flood.test: on SQLite a lookup is a synchronous call in the process, done before the next request is read, so nothing queues.
      ...(postgres ? ["tests/production/disk.test.ts"] : ["tests/production/outage.test.ts", "tests/production/flood.test.ts"]),
      ...(nginx ? [] : ["tests/production/proxy.test.ts"]),
    ],
    environment: "node",
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
