import { getDevice, renameDevice } from "@/lib/api/devices";
import { getRoute, renameRoute } from "@/lib/api/handlers";
import { routeMethods } from "@/lib/api/methods";

export const { GET, PATCH, POST, PUT, DELETE, OPTIONS } = routeMethods({
  GET: getRoute("getDevice", "serial", "device", getDevice),
  PATCH: renameRoute("renameDevice", "serial", "device", getDevice, renameDevice),
});
