import { getGroup, renameGroup } from "@/lib/api/groups";
import { getRoute, renameRoute } from "@/lib/api/handlers";

export const GET = getRoute("groups:read", "id", "group", getGroup);
export const PATCH = renameRoute("groups:write", "id", "group", renameGroup);
