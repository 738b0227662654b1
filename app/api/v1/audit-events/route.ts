import { AUDIT_CURSOR_KEYS, listAuditEvents, validAuditKeys } from "@/lib/api/audit";
import { listRoute } from "@/lib/api/handlers";
import { routeMethods } from "@/lib/api/methods";

export const { GET, PATCH, POST, PUT, DELETE, OPTIONS } = routeMethods({
  GET: listRoute("listAuditEvents", listAuditEvents, AUDIT_CURSOR_KEYS, validAuditKeys),
});
