// Better Auth's own endpoints (sign-up, sign-in, /api-key/create, …), mounted as the Next.js integration guide
// says (toNextJsHandler), with the instance made on the first request rather than when next build loads the route.
import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "../../../../lib/auth";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return toNextJsHandler(getAuth().handler).GET(request);
}

export function POST(request: Request) {
  return toNextJsHandler(getAuth().handler).POST(request);
}
