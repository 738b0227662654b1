import { clientIp, requestProto } from "./client";
import { isLoopback } from "./trust";

/**
 * Plain HTTP is refused in production (REQUIRE_HTTPS=false turns this off;
 * REQUIRE_HTTPS=true turns it on elsewhere). The scheme and the client's
 * address are the edge's (server.ts), so neither X-Forwarded-Proto nor a
 * claimed loopback address from the client can talk the rule out of it.
 */
export function httpsRequired() {
  const setting = process.env.REQUIRE_HTTPS;
  if (setting === "true" || setting === "1") return true;
  if (setting === "false" || setting === "0") return false;
  return process.env.NODE_ENV === "production";
}

export function insecureRequest(request: Request): boolean {
  if (!httpsRequired()) return false;
  if (requestProto(request.headers) === "https") return false;
  return !isLoopback(clientIp(request.headers));
}
