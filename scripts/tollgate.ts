// Operator commands: `npm run tollgate -- <command>`. They act on the database
// named by DATABASE_URL (the same default as `npm start`).
//   workspace suspend <slug> --reason "…"   refuse every token of the workspace
//   workspace resume <slug>                  lift the suspension
import { parseArgs } from "node:util";
import { provider } from "../lib/db/client";
import { env } from "../lib/env";
import { resumeWorkspace, suspendWorkspace } from "../lib/workspaces/suspension";

const USAGE = `usage:
  npm run tollgate -- workspace suspend <slug> --reason "…"
  npm run tollgate -- workspace resume <slug>`;

function args() {
  try {
    return parseArgs({ allowPositionals: true, options: { reason: { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    process.exit(2);
  }
}
const { positionals, values } = args();
const [area, command, slug, ...extra] = positionals;
const known =
  area === "workspace" && slug && extra.length === 0 && (command === "suspend" || (command === "resume" && values.reason === undefined));
if (values.help || !known) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}

const result = command === "suspend" ? await suspendWorkspace(slug, values.reason ?? "") : await resumeWorkspace(slug);
if (!result.ok) {
  console.error(result.error);
  process.exit(1);
}
const { name } = result.workspace;
// On PostgreSQL every server hears it in the same transaction; on SQLite the one server sees it when its cache entries lapse.
const when = provider === "postgres" ? "on the next request" : `within ${env.TOKEN_CACHE_TTL_MS / 1000} s (the server's token cache)`;
if (command === "suspend") {
  console.log(
    result.changed
      ? `Suspended “${name}” (${slug}). Its tokens are refused ${when}; its admins see the reason.`
      : `“${name}” (${slug}) was already suspended; the reason is updated.`,
  );
} else {
  console.log(result.changed ? `Resumed “${name}” (${slug}). Its tokens work again ${when}.` : `“${name}” (${slug}) was not suspended.`);
}
process.exit(0);
