import { baseHeaders, newRequestId } from "@/lib/api/errors";
import { routeMethods } from "@/lib/api/methods";
import { openApiDocument } from "@/lib/api/openapi";

// Public and the same for everyone: no token, and caches may keep it briefly.
export const { GET, PATCH, POST, PUT, DELETE, OPTIONS } = routeMethods({
  GET: async () =>
    new Response(JSON.stringify(openApiDocument()), {
      status: 200,
      headers: { ...baseHeaders(newRequestId()), "Cache-Control": "public, max-age=300" },
    }),
});
