import { getDevice, renameDevice } from "@/lib/api/devices";
import { getRoute, renameRoute } from "@/lib/api/handlers";

export const GET = getRoute("devices:read", "serial", "device", getDevice);
export const PATCH = renameRoute("devices:write", "serial", "device", renameDevice);
