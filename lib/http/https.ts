import { clientIp } from "./client";

/**
 * Plain HTTP is refused in production (REQUIRE_HTTPS=false turns this off;
 * REQUIRE_HTTPS=true turns it on elsewhere). The scheme comes from
 * X-Forwarded-Proto only behind a trusted proxy (TRUST_PROXY=1); otherwise
 * from the connection itself. Loopback clients may use HTTP for local work.
 */
export function httpsRequired() {
  const setting = process.env.REQUIRE_HTTPS;
  if (setting === "true" || setting === "1") return true;
  if (setting === "false" || setting === "0") return false;
  return process.env.NODE_ENV === "production";
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function isLoopback(ip: string) {
  return LOOPBACK.test(ip);
}

export function arrivedOverHttps(headers: Headers, url: string): boolean {
  const trusted = process.env.TRUST_PROXY === "1" || process.env.TRUST_PROXY === "true";
  if (trusted) {
    const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
    if (proto) return proto === "https";
  }
  return new URL(url).protocol === "https:";
}

export function insecureRequest(request: Request): boolean {
  if (!httpsRequired()) return false;
  if (arrivedOverHttps(request.headers, request.url)) return false;
  return !isLoopback(clientIp(request.headers));
}
