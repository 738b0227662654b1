// GET /api/v1/token: what the presented API key is, after the API-key plugin verified it
// (auth.api.verifyApiKey: lookup by hash, checks, rate-limit counter and usage written to the database).
import { getAuth } from "../../../../lib/auth";

export const dynamic = "force-dynamic";

function presentedKey(request: Request): string | null {
  const authorization = request.headers.get("authorization");
  const bearer = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return bearer ? bearer[1] : request.headers.get("x-api-key");
}

const noStore = { "Cache-Control": "no-store" };

export async function GET(request: Request) {
  const key = presentedKey(request);
  if (!key) {
    return Response.json({ error: { code: "UNAUTHORIZED", message: "No API key" } }, { status: 401, headers: noStore });
  }
  const result = await getAuth().api.verifyApiKey({ body: { key } });
  if (!result.valid || !result.key) {
    const code = result.error?.code ?? "INVALID_API_KEY";
    const status = code === "RATE_LIMITED" || code === "USAGE_EXCEEDED" ? 429 : 401;
    return Response.json({ error: { code, message: result.error?.message ?? "Invalid API key" } }, { status, headers: noStore });
  }
  const k = result.key;
  return Response.json(
    {
      data: {
        id: k.id,
        name: k.name,
        start: k.start,
        prefix: k.prefix,
        owner: k.referenceId,
        permissions: k.permissions,
        enabled: k.enabled,
        expiresAt: k.expiresAt,
        createdAt: k.createdAt,
        lastRequest: k.lastRequest,
        requestCount: k.requestCount,
      },
    },
    { headers: noStore },
  );
}
