import { getSite, renameSite } from "@/lib/api/sites";
import { getRoute, renameRoute } from "@/lib/api/handlers";

export const GET = getRoute("sites:read", "id", "site", getSite);
export const PATCH = renameRoute("sites:write", "id", "site", renameSite);
