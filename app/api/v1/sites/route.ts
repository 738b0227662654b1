import { listSites } from "@/lib/api/sites";
import { listRoute } from "@/lib/api/handlers";

export const GET = listRoute("listSites", listSites);
