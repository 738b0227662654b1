// Readiness for load balancers and orchestrators: 200 only when this server
// can do its work (the database answers; on PostgreSQL the revocation
// listener is connected) and it is not shutting down. /api/health stays the
// liveness probe (no database), so an outage does not get servers restarted.
import { pingDatabase } from "@/lib/db/client";
import { describeError } from "@/lib/db/errors";
import { draining } from "@/lib/ops/lifecycle";
import { log } from "@/lib/ops/log";
import { listenerConnected } from "@/lib/tokens/revocations";

export const dynamic = "force-dynamic";

export async function GET() {
  const checks: Record<string, "ok" | string> = {};
  if (draining()) checks.server = "shutting down";
  try {
    await pingDatabase();
    checks.database = "ok";
  } catch (error) {
    // The cause goes to the log, not to an unauthenticated caller.
    log.warn({ err: describeError(error) }, "readiness: the database does not answer");
    checks.database = "unreachable";
  }
  checks.revocations = listenerConnected() ? "ok" : "not listening";
  const ready = Object.values(checks).every((v) => v === "ok");
  return Response.json(
    { status: ready ? "ready" : "not_ready", checks },
    { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store", ...(ready ? {} : { "Retry-After": "5" }) } },
  );
}
