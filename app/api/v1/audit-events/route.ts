import { AUDIT_CURSOR_KEYS, listAuditEvents, validAuditKeys } from "@/lib/api/audit";
import { listRoute } from "@/lib/api/handlers";

export const GET = listRoute("listAuditEvents", listAuditEvents, AUDIT_CURSOR_KEYS, validAuditKeys);
