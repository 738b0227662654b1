// Operator commands: `npm run tollgate -- <command>`. They act on the database
// named by DATABASE_URL (the same default as `npm start`).
//   workspace suspend <slug> --reason "…"   refuse every token of the workspace
//   workspace resume <slug>                  lift the suspension
import { parseArgs } from "node:util";
import { resumeWorkspace, suspendWorkspace } from "../lib/workspaces/suspension";

const USAGE = `usage:
  npm run tollgate -- workspace suspend <slug> --reason "…"
  npm run tollgate -- workspace resume <slug>`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { reason: { type: "string" }, help: { type: "boolean", short: "h" } },
});
const [area, command, slug] = positionals;
if (values.help || area !== "workspace" || !slug || (command !== "suspend" && command !== "resume")) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}

const result = command === "suspend" ? await suspendWorkspace(slug, values.reason ?? "") : await resumeWorkspace(slug);
if (!result.ok) {
  console.error(result.error);
  process.exit(1);
}
const { name } = result.workspace;
if (command === "suspend") {
  console.log(
    result.changed
      ? `Suspended “${name}” (${slug}). Its tokens are refused on the next request; its admins see the reason.`
      : `“${name}” (${slug}) was already suspended; the reason is updated.`,
  );
} else {
  console.log(result.changed ? `Resumed “${name}” (${slug}). Its tokens work again.` : `“${name}” (${slug}) was not suspended.`);
}
process.exit(0);
