import { apiError, jsonResponse } from "@/lib/api/errors";
import { routeMethods } from "@/lib/api/methods";
import { apiRoute } from "@/lib/api/route";
import { describeOwner } from "@/lib/api/user";

// Personal tokens only (lib/api/operations.ts): the person it acts as, with their role now.
export const { GET, PATCH, POST, PUT, DELETE, OPTIONS } = routeMethods({
  GET: apiRoute("getCurrentUser", async ({ token, requestId }) => {
    const me = await describeOwner(token);
    if (!me) return apiError(requestId, "unauthorized", "This personal API token's owner no longer has access to the workspace.");
    return jsonResponse(requestId, 200, { data: me });
  }),
});
