import { normalizeIp } from "./trust";

/**
 * Who is calling, as the edge server (server.ts) decided from the socket and
 * the trusted proxies: it overwrites X-Forwarded-For with exactly one address
 * and X-Forwarded-Proto with the scheme, so these are the only readers of
 * those headers. instrumentation.ts refuses to run in production without the
 * edge, so a client's own copy of them never gets this far.
 */
export function clientIp(headers: Headers): string {
  return normalizeIp(headers.get("x-forwarded-for")) ?? "unknown";
}

export function requestProto(headers: Headers): "http" | "https" {
  return headers.get("x-forwarded-proto") === "https" ? "https" : "http";
}

/** The origin the client asked for: its Host header and the scheme the edge decided. */
export function requestOrigin(headers: Headers): string | null {
  const host = headers.get("host");
  if (!host || !/^[a-z0-9.\-:[\]]+$/i.test(host)) return null;
  return `${requestProto(headers)}://${host}`;
}

export function userAgent(headers: Headers): string | null {
  return headers.get("user-agent")?.slice(0, 256) ?? null;
}
