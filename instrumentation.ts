/**
 * Runs once when the server starts: refuse to run in production with an
 * unsafe configuration, then start the token verifier's revocation listener
 * and the background jobs (usage pruning, webhooks, SQLite planner statistics).
 */
export async function register() {
  // NEXT_RUNTIME is Next.js's build-time constant, not a setting (lib/env.ts holds those).
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { refuseUnsafeConfiguration } = await import("./lib/startup");
  refuseUnsafeConfiguration();
  const { startVerifier } = await import("./lib/tokens/verify");
  startVerifier();
  const { startUsagePruning } = await import("./lib/usage/retention");
  startUsagePruning();
  const { startWebhooks } = await import("./lib/webhooks/deliveries");
  startWebhooks();
  const { startPlannerStatistics } = await import("./lib/db/statistics");
  startPlannerStatistics();
}
