import { getGroup, renameGroup } from "@/lib/api/groups";
import { getRoute, renameRoute } from "@/lib/api/handlers";
import { routeMethods } from "@/lib/api/methods";

export const { GET, PATCH, POST, PUT, DELETE, OPTIONS } = routeMethods({
  GET: getRoute("getGroup", "id", "group", getGroup),
  PATCH: renameRoute("renameGroup", "id", "group", getGroup, renameGroup),
});
