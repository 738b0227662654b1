/** Where a request came from, judged only by headers we can trust. */

function trustProxy() {
  return process.env.TRUST_PROXY === "1" || process.env.TRUST_PROXY === "true";
}

/**
 * Behind a trusted proxy the client is the first X-Forwarded-For entry;
 * otherwise it is the last one, which `next start` appends from the socket.
 */
export function clientIp(headers: Headers): string {
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const ip = trustProxy() ? forwarded[0] : forwarded[forwarded.length - 1];
  return (ip ?? headers.get("x-real-ip") ?? "unknown").replace(/^::ffff:/, "").slice(0, 64);
}

export function userAgent(headers: Headers): string | null {
  return headers.get("user-agent")?.slice(0, 256) ?? null;
}
