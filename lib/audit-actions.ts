/**
 * Every audit action, once: the service writes these ids, the API's schema
 * (and so the OpenAPI document) lists them, and the activity list words
 * them with `verb`.
 */
export const AUDIT_ACTIONS = {
  "token.created": { verb: "created" },
  "token.regenerated": { verb: "regenerated" },
  "token.deleted": { verb: "deleted" },
  "token.expiry_shortened": { verb: "shortened the expiry of" },
  "token.updated": { verb: "edited" },
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_IDS = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

export function auditVerb(action: string): string {
  return action in AUDIT_ACTIONS ? AUDIT_ACTIONS[action as AuditAction].verb : action;
}
