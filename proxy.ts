import { NextResponse, type NextRequest } from "next/server";
import { WORKSPACE_COOKIE } from "@/lib/workspace-cookie";

/** Remembers the workspace in the URL so /settings/developers reopens it. */
export function proxy(request: NextRequest) {
  const slug = request.nextUrl.pathname.split("/")[2];
  const response = NextResponse.next();
  if (slug && /^[a-z0-9-]{1,64}$/.test(slug) && request.cookies.get(WORKSPACE_COOKIE)?.value !== slug) {
    response.cookies.set(WORKSPACE_COOKIE, slug, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365 });
  }
  return response;
}

export const config = { matcher: "/w/:slug/:path*" };
