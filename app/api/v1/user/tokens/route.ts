import { jsonResponse } from "@/lib/api/errors";
import { routeMethods } from "@/lib/api/methods";
import { apiRoute } from "@/lib/api/route";
import { listOwnTokens } from "@/lib/api/user";

// Personal tokens only (lib/api/operations.ts): the caller's own personal tokens, masked.
export const { GET, PATCH, POST, PUT, DELETE, OPTIONS } = routeMethods({
  GET: apiRoute("listOwnTokens", async ({ token, requestId }) => jsonResponse(requestId, 200, { data: await listOwnTokens(token) })),
});
