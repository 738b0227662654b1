// Database chores from the command line (the work is in scripts/lib/database.ts):
//   tsx scripts/db.ts generate   generate the Prisma clients for both providers
//   tsx scripts/db.ts migrate    apply committed migrations (migrate deploy)
//   tsx scripts/db.ts setup [--demo]  migrate, then (with --demo) seed when the database is empty
//   tsx scripts/db.ts seed       seed the demo (refuses a database that already has data)
import { generate, migrate, seedDatabase, setup } from "./lib/database";

const command = process.argv[2];
if (command === "generate") generate();
else if (command === "migrate") await migrate();
else if (command === "seed") await seedDatabase(false);
else if (command === "setup")
  console.log((await setup({ demo: process.argv.includes("--demo") })) ? "Seeded the demo workspaces." : "Database ready.");
else {
  console.error("usage: tsx scripts/db.ts generate|migrate|setup [--demo]|seed");
  process.exit(2);
}
