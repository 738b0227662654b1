import { getSite, renameSite } from "@/lib/api/sites";
import { getRoute, renameRoute } from "@/lib/api/handlers";
import { routeMethods } from "@/lib/api/methods";

export const { GET, PATCH, POST, PUT, DELETE, OPTIONS } = routeMethods({
  GET: getRoute("getSite", "id", "site", getSite),
  PATCH: renameRoute("renameSite", "id", "site", getSite, renameSite),
});
