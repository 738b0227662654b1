import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { WORKSPACE_COOKIE } from "@/lib/workspace-cookie";

/**
 * A server action must come from our own pages: its Origin is the public
 * origin (AUTH_URL) or names the host the request was addressed to (the edge
 * puts a trusted proxy's X-Forwarded-Host, or the Host header, in
 * x-forwarded-host).
 */
function sameOrigin(request: NextRequest) {
  const origin = request.headers.get("origin");
  if (!origin) return false;
  if (env.AUTH_URL && origin === new URL(env.AUTH_URL).origin) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * A fresh nonce per page: Next.js reads it from the request's CSP header and
 * puts it on its own scripts, so no inline script runs without it.
 */
function contentSecurityPolicy(nonce: string) {
  const development = env.NODE_ENV !== "production";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // Radix positions popovers with inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  // Next.js also refuses these, but with a 500; a forged cross-site post deserves a plain 403.
  if (request.method === "POST" && request.headers.has("next-action") && !sameOrigin(request)) {
    return new NextResponse("Cross-origin request refused.", { status: 403 });
  }
  const csp = contentSecurityPolicy(btoa(crypto.randomUUID()));
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  // Remember the workspace in the URL so /settings/developers reopens it.
  const [, first, slug] = request.nextUrl.pathname.split("/");
  if (first === "w" && slug && /^[a-z0-9-]{1,64}$/.test(slug) && request.cookies.get(WORKSPACE_COOKIE)?.value !== slug) {
    response.cookies.set(WORKSPACE_COOKIE, slug, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365 });
  }
  return response;
}

// The token API and static assets skip the proxy: it has nothing to do there.
export const config = { matcher: ["/((?!api/|_next/static|_next/image|favicon.svg|screenshots/).*)"] };
