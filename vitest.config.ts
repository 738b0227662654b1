import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests: pure logic only, colocated as *.test.ts.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "clients/**/*.test.ts"],
    exclude: ["**/node_modules/**", "lib/generated/**"],
    environment: "node",
  },
});
