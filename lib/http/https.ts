import { env } from "../env";
import { clientIp, requestProto } from "./client";
import { isLoopback } from "./trust";

/**
 * Plain HTTP is refused in production (REQUIRE_HTTPS=false turns this off;
 * REQUIRE_HTTPS=true turns it on elsewhere). The scheme and the client's
 * address are the edge's (server.ts), so neither X-Forwarded-Proto nor a
 * claimed loopback address from the client can talk the rule out of it.
 */
function httpsRequired() {
  return env.REQUIRE_HTTPS ?? env.NODE_ENV === "production";
}

export function insecureRequest(request: Request): boolean {
  if (!httpsRequired()) return false;
  if (requestProto(request.headers) === "https") return false;
  return !isLoopback(clientIp(request.headers));
}
