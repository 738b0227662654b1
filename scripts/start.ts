// `npm start`: database ready (migrations, demo seed on first start), a
// production build that matches the sources, then the server (server.ts).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databaseConfig } from "../lib/db/config";
import { DEMO_LOGINS, DEMO_PASSWORD } from "../prisma/seed";
import { ensureBuild } from "./lib/build";
import { generate, setup } from "./lib/database";
import { spawnServer } from "./lib/server";

const root = process.cwd();
process.env.NEXT_TELEMETRY_DISABLED = "1";

function localAuthSecret() {
  if (process.env.AUTH_SECRET) return;
  // Only for the zero-set-up local start; a real deployment sets AUTH_SECRET itself.
  const file = path.join(root, "data", ".auth-secret");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.AUTH_SECRET = fs.readFileSync(file, "utf8").trim();
  console.log("AUTH_SECRET is not set: using a generated local secret (data/.auth-secret).");
}

async function main() {
  const port = process.env.PORT ?? "3000";
  const host = process.env.HOST ?? "0.0.0.0";
  if (!fs.existsSync(path.join(root, "lib", "generated", "sqlite", "client.ts"))) generate();
  localAuthSecret();
  const db = databaseConfig(process.env.DATABASE_URL);
  console.log(`Database: ${db.provider === "sqlite" ? db.url.replace(/^file:/, "SQLite file ") : "PostgreSQL"}`);
  if (await setup()) console.log("Seeded the demo workspaces Acme Robotics and Globex.");
  ensureBuild();

  const url = process.env.AUTH_URL ?? `http://localhost:${port}`;
  console.log(`\nTollgate is starting on ${url}\n\nDemo logins (password: ${DEMO_PASSWORD})`);
  for (const login of DEMO_LOGINS) console.log(`  ${login.email.padEnd(24)} ${login.workspace} · ${login.role}`);
  console.log("");

  const server = spawnServer({ port, host });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
}

await main();
