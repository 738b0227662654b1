import { getSite, renameSite } from "@/lib/api/sites";
import { getRoute, renameRoute } from "@/lib/api/handlers";

export const GET = getRoute("getSite", "id", "site", getSite);
export const PATCH = renameRoute("renameSite", "id", "site", renameSite);
