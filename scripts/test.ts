// `npm test`: every test, against real parts. `npm run test:unit`, `test:api`
// and `test:e2e` run one part each (this script with unit | api | e2e).
//  0. lint, format and types (Biome, tsc), the OpenAPI document (Redocly)
//  1. unit tests (vitest, pure logic)
//  2. a production build, a fresh database (SQLite file, or PostgreSQL when
//     DATABASE_URL is postgresql://…), migrations and the demo seed
//  3. three servers (server.ts) on 127.0.0.1, output captured to test-results/server.log
//  4. integration tests over HTTP (vitest): tests/api and tests/hardening against those
//     servers, and beside them tests/production, which start servers of their own
//  5. a short soak: concurrent API clients while admins create and delete tokens
//  6. Playwright in headless Chromium (e2e/)
//  7. the captured server output must hold no token plaintext
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { databaseConfig } from "../lib/db/config";
import { TOKEN_IN_TEXT } from "../lib/tokens/format";

const root = process.cwd();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const PORT = Number(process.env.TEST_PORT ?? 3100);
const BASE_URL = `http://127.0.0.1:${PORT}`;
// A second server on the same database proves tokens and revocations cross instances;
// it sits "behind a trusted proxy" (TRUST_PROXY=1) and derives its URL from requests.
const SECOND_BASE_URL = `http://127.0.0.1:${PORT + 1}`;
// A third trusts no proxy and has low limits and single sign-on (a test-run OIDC provider).
const STRICT_BASE_URL = `http://127.0.0.1:${PORT + 2}`;
// Its public name: Next.js reports any loopback host as "localhost", so single sign-on is tested under a real name.
const STRICT_PUBLIC_URL = `http://tollgate.test:${PORT + 2}`;
const OIDC = { port: PORT + 90, clientId: "tollgate-test", clientSecret: "oidc-test-secret" };
const results = path.join(root, "test-results");
const serverLog = path.join(results, "server.log");

const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  console.log(`\n▶ ${label} (at ${elapsed()})`);
  const t = Date.now();
  execFileSync(command, args, { stdio: "inherit", env });
  console.log(`✓ ${label}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

/**
 * Two commands at once: the first prints as it goes, the second into `logFile`,
 * printed when both are done (so the two never interleave). Throws after both
 * have finished if either failed.
 */
async function runTogether(
  first: { label: string; command: string; args: string[]; env: NodeJS.ProcessEnv },
  second: { label: string; command: string; args: string[]; env: NodeJS.ProcessEnv; logFile: string },
) {
  console.log(`\n▶ ${first.label}, and beside it ${second.label} (at ${elapsed()}; its output in ${path.relative(root, second.logFile)})`);
  const t = Date.now();
  const finish = (child: ReturnType<typeof spawn>, label: string) =>
    new Promise<number>((resolve) =>
      child.on("exit", (code, signal) => {
        console.log(`✓ ${label}: ${((Date.now() - t) / 1000).toFixed(1)} s, ${signal ?? `exit ${code}`}`);
        resolve(code ?? 1);
      }),
    );
  const out = fs.openSync(second.logFile, "w");
  const codes = await Promise.all([
    finish(spawn(first.command, first.args, { stdio: "inherit", env: first.env }), first.label),
    finish(spawn(second.command, second.args, { stdio: ["ignore", out, out], env: second.env }), second.label),
  ]);
  fs.closeSync(out);
  console.log(`\n▶ output of ${second.label}\n${fs.readFileSync(second.logFile, "utf8")}`);
  const failed = [first, second].filter((_, i) => codes[i] !== 0).map((c) => c.label);
  if (failed.length) throw new Error(`Failed: ${failed.join(", ")}`);
}

const SUITES = ["all", "unit", "api", "e2e"] as const;
const suite = (process.argv[2] ?? "all") as (typeof SUITES)[number];
if (!SUITES.includes(suite)) {
  console.error(`usage: tsx scripts/test.ts [${SUITES.join("|")}]`);
  process.exit(2);
}
// Anything after the suite narrows it (file filters), e.g. `npm run test:e2e -- keyboard`.
const filters = process.argv.slice(3);
const wants = (part: "unit" | "api" | "e2e") => suite === "all" || suite === part;

const vitestJson = (file: string) => ["--reporter=default", "--reporter=json", `--outputFile.json=${path.join(results, file)}`];

/** One closing line for every suite together, read from the runners' JSON reports. */
function summary(leakCheckPassed: boolean) {
  let passed = leakCheckPassed ? 1 : 0;
  let failed = leakCheckPassed ? 0 : 1;
  for (const file of ["unit.json", "integration.json", "production.json"]) {
    const f = path.join(results, file);
    if (!fs.existsSync(f)) continue;
    const report = JSON.parse(fs.readFileSync(f, "utf8")) as { numPassedTests: number; numFailedTests: number };
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  }
  const pw = path.join(results, "playwright.json");
  if (fs.existsSync(pw)) {
    const { stats } = JSON.parse(fs.readFileSync(pw, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number } };
    passed += stats.expected;
    failed += stats.unexpected + stats.flaky;
  }
  console.log(`\n${passed} passed, ${failed} failed (${elapsed()})`);
}

function assertNoPlaintextInLogs() {
  const log = fs.readFileSync(serverLog, "utf8");
  const leaked = log.match(TOKEN_IN_TEXT) ?? [];
  console.log(`\n▶ server output: ${log.length} bytes captured, ${leaked.length} token plaintexts found`);
  if (leaked.length > 0) throw new Error(`The server logged ${leaked.length} token plaintext(s); see ${serverLog}`);
}

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  fs.mkdirSync(results, { recursive: true });
  for (const f of ["unit.json", "integration.json", "production.json", "playwright.json"])
    fs.rmSync(path.join(results, f), { force: true });
  if (suite === "all") {
    run("lint and format (Biome)", bin("biome"), ["check", "."]);
    run("types (tsc)", bin("tsc"), ["--noEmit"]);
    run(
      "OpenAPI document (Redocly, recommended rules)",
      bin("redocly"),
      ["lint", "clients/typescript/openapi.json", "--extends=recommended"],
      {
        ...process.env,
        REDOCLY_TELEMETRY: "off",
        REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
      },
    );
  }
  if (wants("unit")) run("unit tests", bin("vitest"), ["run", "--config", "vitest.config.ts", ...vitestJson("unit.json"), ...filters]);
  if (suite === "unit") return summary(true);

  const { ensureBuild } = await import("./lib/build");
  const { freshDatabase } = await import("./lib/database");
  const { serverNodeOptions, spawnServer, waitForHealth } = await import("./lib/server");
  console.log("\n▶ production build");
  ensureBuild();

  const databaseUrl = await freshDatabase(process.env.DATABASE_URL || "file:./data/test.db");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: process.env.AUTH_SECRET ?? "test-secret-that-is-only-for-the-test-run",
    AUTH_URL: BASE_URL,
    NODE_ENV: "production",
    NODE_OPTIONS: serverNodeOptions(),
    // Three servers (and the start-up tests' own) share one SQLite file on purpose; tests/production checks the refusal without this.
    SQLITE_SHARED_FILE: "true",
    BASE_URL,
    // Vitest replaces BASE_URL in its workers with Vite's "/", so tests read these.
    TEST_BASE_URL: BASE_URL,
    TEST_SECOND_BASE_URL: SECOND_BASE_URL,
    TEST_STRICT_BASE_URL: STRICT_BASE_URL,
    TEST_STRICT_PUBLIC_URL: STRICT_PUBLIC_URL,
    TEST_OIDC_PORT: String(OIDC.port),
    TEST_OIDC_CLIENT_ID: OIDC.clientId,
    TEST_OIDC_CLIENT_SECRET: OIDC.clientSecret,
    // Tests sign in and fail on purpose many times from one address.
    SIGNIN_LIMIT_PER_IP: process.env.SIGNIN_LIMIT_PER_IP ?? "1000",
    API_AUTH_FAILURE_LIMIT: process.env.API_AUTH_FAILURE_LIMIT ?? "100000",
    // The webhook tests run their receiver on 127.0.0.1 over plain HTTP and want retries and scans in seconds.
    WEBHOOK_ALLOW_HTTP_LOOPBACK: "true",
    WEBHOOK_POLL_MS: "200",
    WEBHOOK_RETRY_BASE_MS: "500",
    EXPIRY_SCAN_MS: "500",
  };
  run(`database (${databaseConfig(databaseUrl).provider}): migrate and seed`, bin("tsx"), ["scripts/db.ts", "setup", "--demo"], env);

  console.log(`\n▶ servers on ${BASE_URL}, ${SECOND_BASE_URL} and ${STRICT_BASE_URL} (output in ${path.relative(root, serverLog)})`);
  const logStream = fs.createWriteStream(serverLog);
  const secondEnv: NodeJS.ProcessEnv = { ...env, TRUST_PROXY: "1", API_AUTH_FAILURE_LIMIT: "20" };
  delete secondEnv.AUTH_URL;
  const strictEnv: NodeJS.ProcessEnv = {
    ...env,
    AUTH_URL: STRICT_PUBLIC_URL,
    API_AUTH_FAILURE_LIMIT: "20",
    SIGNIN_LIMIT_PER_IP: "5",
    AUTH_OIDC_ISSUER: `http://127.0.0.1:${OIDC.port}`,
    AUTH_OIDC_ID: OIDC.clientId,
    AUTH_OIDC_SECRET: OIDC.clientSecret,
    AUTH_OIDC_ALLOWED_DOMAINS: "acme.test,globex.test",
  };
  const servers = [
    [PORT, env],
    [PORT + 1, secondEnv],
    [PORT + 2, strictEnv],
  ].map(([port, serverEnv]) => {
    const server = spawnServer({ port: port as number, env: serverEnv as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout!.pipe(logStream, { end: false });
    server.stderr!.pipe(logStream, { end: false });
    return server;
  });
  let failed = false;
  try {
    await waitForHealth(BASE_URL, servers[0]);
    await waitForHealth(SECOND_BASE_URL, servers[1]);
    await waitForHealth(STRICT_BASE_URL, servers[2]);
    if (wants("api")) {
      // Two processes on two cores: the production tests start servers of their own, on databases of their own,
      // and mostly wait for them, so they run beside the tests of the shared servers instead of after them.
      const vitest = (part: string, report: string) => ({
        command: bin("vitest"),
        args: ["run", "--config", "vitest.integration.config.ts", "--passWithNoTests", ...vitestJson(report), ...filters],
        env: { ...env, TEST_PART: part },
      });
      await runTogether(
        { label: "API integration tests (HTTP)", ...vitest("http", "integration.json") },
        {
          label: "production tests (their own servers)",
          ...vitest("production", "production.json"),
          logFile: path.join(results, "production.log"),
        },
      );
      run(
        "soak, short (npm run soak runs the full 60 s)",
        bin("tsx"),
        ["scripts/soak.ts", "--seconds", "8", "--clients", "20", "--base-url", BASE_URL],
        env,
      );
    }
    if (wants("e2e")) run("browser tests (Playwright, Chromium)", bin("playwright"), ["test", ...filters], env);
  } catch (error) {
    failed = true;
    console.error(error instanceof Error ? error.message : error);
  } finally {
    for (const server of servers) {
      server.kill("SIGTERM");
      if (server.exitCode === null) await new Promise((r) => server.once("exit", r));
    }
    await new Promise((r) => logStream.end(r));
  }
  let leakCheckPassed = true;
  try {
    assertNoPlaintextInLogs();
  } catch (error) {
    leakCheckPassed = false;
    console.error(error instanceof Error ? error.message : error);
  }
  summary(leakCheckPassed);
  if (failed || !leakCheckPassed) process.exit(1);
}

await main();
