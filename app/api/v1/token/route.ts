import { jsonResponse } from "@/lib/api/errors";
import { routeMethods } from "@/lib/api/methods";
import { apiRoute } from "@/lib/api/route";
import { describeToken } from "@/lib/api/token-info";

// Any valid token may ask what it holds (no scope: see lib/api/operations.ts).
export const { GET, PATCH, POST, PUT, DELETE, OPTIONS } = routeMethods({
  GET: apiRoute("getToken", async ({ token, requestId }) => jsonResponse(requestId, 200, { data: await describeToken(token) })),
});
