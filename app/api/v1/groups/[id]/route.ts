import { getGroup, renameGroup } from "@/lib/api/groups";
import { getRoute, renameRoute } from "@/lib/api/handlers";

export const GET = getRoute("getGroup", "id", "group", getGroup);
export const PATCH = renameRoute("renameGroup", "id", "group", renameGroup);
