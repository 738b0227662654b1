import { jsonResponse } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/route";
import { describeToken } from "@/lib/api/token-info";

// Any valid token may ask what it holds (no scope: see lib/api/operations.ts).
export const GET = apiRoute("getToken", async ({ token, requestId }) => jsonResponse(requestId, 200, { data: await describeToken(token) }));
