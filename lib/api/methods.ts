/**
 * RFC 9110 for every /api/v1 path (lib/api/router.ts): the methods a path
 * serves, HEAD with GET, OPTIONS answering with Allow, and 405 with Allow for
 * every other method.
 */
const ALLOW_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** The Allow header for a path that serves `methods`: with HEAD when it serves GET, and always OPTIONS. */
export function allowHeader(methods: readonly string[]): string {
  return ALLOW_ORDER.filter((m) => methods.includes(m) || (m === "HEAD" && methods.includes("GET")) || m === "OPTIONS").join(", ");
}
