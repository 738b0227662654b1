import { listGroups } from "@/lib/api/groups";
import { listRoute } from "@/lib/api/handlers";
import { routeMethods } from "@/lib/api/methods";

export const { GET, PATCH, POST, PUT, DELETE, OPTIONS } = routeMethods({
  GET: listRoute("listGroups", listGroups),
});
