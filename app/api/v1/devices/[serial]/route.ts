import { getDevice, renameDevice } from "@/lib/api/devices";
import { getRoute, renameRoute } from "@/lib/api/handlers";

export const GET = getRoute("getDevice", "serial", "device", getDevice);
export const PATCH = renameRoute("renameDevice", "serial", "device", renameDevice);
