import path from "node:path";
import { defineConfig } from "vitest/config";

// Integration tests: real HTTP against `next start` (BASE_URL) and the same database (DATABASE_URL).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
