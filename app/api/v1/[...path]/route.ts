import { apiError, newRequestId } from "@/lib/api/errors";

// Unknown /api/v1 paths answer in the API's JSON error shape, not with the HTML 404 page.
async function notFound() {
  return apiError(newRequestId(), "not_found", "There is no such API endpoint. See /api/v1/openapi.json.");
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
