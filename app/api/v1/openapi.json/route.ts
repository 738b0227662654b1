import { baseHeaders, newRequestId } from "@/lib/api/errors";
import { openApiDocument } from "@/lib/api/openapi";

// Public and the same for everyone: no token, and caches may keep it briefly.
export function GET() {
  return new Response(JSON.stringify(openApiDocument()), {
    status: 200,
    headers: { ...baseHeaders(newRequestId()), "Cache-Control": "public, max-age=300" },
  });
}
