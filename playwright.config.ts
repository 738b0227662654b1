import { defineConfig } from "@playwright/test";

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3100";

// A non-local server or database would be written to by these tests: refuse.
if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(baseURL)) throw new Error(`Refusing to run e2e tests against ${baseURL}`);
const db = process.env.DATABASE_URL ?? "";
if (db.startsWith("postgres") && !/@(127\.0\.0\.1|localhost)[:/]/.test(db)) throw new Error("Refusing a non-local database");

export default defineConfig({
  testDir: "e2e",
  // Not test-results/ itself: Playwright empties its output folder, and the harness keeps the server log there.
  outputDir: "test-results/playwright",
  // Two specs at a time (one per core), each file in order. Specs that change a workspace-wide rule
  // or count what a workspace holds use a workspace of their own (e2e/workspaces.ts), never Acme.
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", dependencies: ["setup"], testIgnore: /auth\.setup\.ts/ },
  ],
});
