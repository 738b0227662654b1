import { apiRouter } from "@/lib/api/router";

// Production serves /api/v1 from server.ts straight to the lean router, before Next.js sees the
// request; this catch-all hands the same router whatever reaches Next.js itself (`next dev`).
const serve = (request: Request) => apiRouter().fetch(request);

export const GET = serve;
export const HEAD = serve;
export const POST = serve;
export const PUT = serve;
export const PATCH = serve;
export const DELETE = serve;
export const OPTIONS = serve;
