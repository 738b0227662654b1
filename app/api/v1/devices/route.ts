import { listDevices } from "@/lib/api/devices";
import { listRoute } from "@/lib/api/handlers";

export const GET = listRoute("listDevices", listDevices);
