import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/config";
import { env } from "@/lib/env";
import { requestOrigin } from "@/lib/http/client";

/**
 * Without AUTH_URL, Auth.js builds its redirects from the request URL, which
 * Next.js reports as http://localhost:PORT whatever the browser used. Rebuild
 * it from the origin the client asked for (the edge's X-Forwarded-Host and
 * scheme, server.ts), so sign-in redirects land where the user is.
 */
function atRequestOrigin(request: NextRequest): NextRequest {
  if (env.AUTH_URL) return request;
  const origin = requestOrigin(request.headers);
  const url = new URL(request.url);
  if (!origin || origin === url.origin) return request;
  return new NextRequest(new URL(`${url.pathname}${url.search}`, origin), request);
}

export const GET = (request: NextRequest) => handlers.GET(atRequestOrigin(request));
export const POST = (request: NextRequest) => handlers.POST(atRequestOrigin(request));
