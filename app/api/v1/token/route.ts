import { jsonResponse } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/route";
import { describeToken } from "@/lib/api/token-info";

// Needs a valid token but no scope: a client may always ask what it holds.
export const GET = apiRoute(null, async ({ token, requestId }) =>
  jsonResponse(requestId, 200, { data: await describeToken(token) }),
);
