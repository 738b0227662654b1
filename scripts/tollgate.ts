// Operator commands: `npm run tollgate -- <command>`. They act on the database
// named by DATABASE_URL (the same default as `npm start`).
//   owner create --email … --name … --workspace … --slug …   the first workspace and its owner
//   demo remove                                              delete the demo workspaces and accounts
//   workspace suspend <slug> --reason "…"                    refuse every token of the workspace
//   workspace resume <slug>                                  lift the suspension
import { parseArgs } from "node:util";
import { db, provider } from "../lib/db/client";
import { env } from "../lib/env";
import { createFirstOwner, removeWorkspaces } from "../lib/workspaces/bootstrap";
import { resumeWorkspace, suspendWorkspace } from "../lib/workspaces/suspension";
import { DEMO_EMAIL_DOMAINS, DEMO_WORKSPACES } from "../prisma/seed";

const USAGE = `usage:
  npm run tollgate -- owner create --email owner@example.com --name "Ada Lovelace" --workspace "Example Ltd" --slug example
  npm run tollgate -- demo remove
  npm run tollgate -- workspace suspend <slug> --reason "…"
  npm run tollgate -- workspace resume <slug>`;

function args() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        reason: { type: "string" },
        email: { type: "string" },
        name: { type: "string" },
        workspace: { type: "string" },
        slug: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    process.exit(2);
  }
}

function usage(code: number): never {
  console.error(USAGE);
  process.exit(code);
}

async function ownerCreate(values: ReturnType<typeof args>["values"]) {
  const result = await createFirstOwner(
    {
      email: values.email ?? "",
      name: values.name ?? "",
      workspace: values.workspace ?? "",
      slug: values.slug ?? "",
    },
    DEMO_WORKSPACES,
  );
  if (!result.ok) {
    console.error(result.error);
    for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) console.error(`  --${field}: ${messages.join("; ")}`);
    return 1;
  }
  const origin = (env.AUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
  console.log(`Created the workspace “${values.workspace}” (${values.slug}) with ${values.email} as its owner.`);
  if (result.data.secret) {
    console.log(`\nSet-password link (shown once, works once, until ${result.data.expiresAt.toISOString()}):\n`);
    console.log(`  ${origin}/invite#${result.data.secret}\n`);
    console.log("Send it to the owner over a channel you trust. Run the command again with another slug for a new link.");
  } else {
    console.log("That account existed already: its holder signs in as before and finds the new workspace.");
  }
  return 0;
}

async function demoRemove() {
  const removed = await removeWorkspaces(DEMO_WORKSPACES, DEMO_EMAIL_DOMAINS);
  if (removed.workspaces.length === 0 && removed.users === 0) console.log("No demo data here.");
  else console.log(`Removed the demo workspaces (${removed.workspaces.join(", ") || "none"}) and ${removed.users} demo accounts.`);
  return 0;
}

async function workspaceCommand(command: string, slug: string, reason: string | undefined) {
  const result = command === "suspend" ? await suspendWorkspace(slug, reason ?? "") : await resumeWorkspace(slug);
  if (!result.ok) {
    console.error(result.error);
    return 1;
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
  return 0;
}

async function main(): Promise<number> {
  const { positionals, values } = args();
  if (values.help) usage(0);
  const [area, command, slug, ...extra] = positionals;
  if (area === "owner" && command === "create" && !slug) return ownerCreate(values);
  if (area === "demo" && command === "remove" && !slug) return demoRemove();
  const known =
    area === "workspace" && slug && extra.length === 0 && (command === "suspend" || (command === "resume" && values.reason === undefined));
  if (!known) usage(2);
  return workspaceCommand(command, slug, values.reason);
}

const code = await main();
await db.$disconnect();
process.exit(code);
