import { listGroups } from "@/lib/api/groups";
import { listRoute } from "@/lib/api/handlers";

export const GET = listRoute("listGroups", listGroups);
