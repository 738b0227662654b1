import { AUDIT_CURSOR_KEYS, listAuditEvents, validAuditKeys } from "@/lib/api/audit";
import { listRoute } from "@/lib/api/handlers";

export const GET = listRoute("audit:read", listAuditEvents, AUDIT_CURSOR_KEYS, validAuditKeys);
