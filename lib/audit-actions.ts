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
  "token.leak_reported": { verb: "revoked (reported as leaked)" },
  "workspace.personal_tokens_enabled": { verb: "allowed members' personal tokens in" },
  "workspace.personal_tokens_disabled": { verb: "switched off members' personal tokens in" },
  "workspace.webhook_changed": { verb: "changed the webhook of" },
  "workspace.rate_limit_changed": { verb: "changed the default request limit of" },
  "workspace.lifetime_policy_changed": { verb: "changed the token lifetime policy of" },
  "workspace.sandbox_reset": { verb: "reset the test environment's data of" },
  "device.renamed": { verb: "renamed a device with" },
  "group.renamed": { verb: "renamed a group with" },
  "site.renamed": { verb: "renamed a site with" },
  "member.invited": { verb: "invited" },
  "member.role_changed": { verb: "changed the role of" },
  "member.deactivated": { verb: "deactivated" },
  "member.reactivated": { verb: "reactivated" },
  "member.removed": { verb: "removed" },
  "member.joined": { verb: "accepted the invitation to" },
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_IDS = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];
/** Token lifecycle events: the ones the API's /audit-events lists (events about people stay in the app). */
export type TokenAuditAction = Extract<AuditAction, `token.${string}`>;
export const TOKEN_AUDIT_ACTION_IDS = AUDIT_ACTION_IDS.filter((a): a is TokenAuditAction => a.startsWith("token.")) as [
  TokenAuditAction,
  ...TokenAuditAction[],
];

export function auditVerb(action: string): string {
  return action in AUDIT_ACTIONS ? AUDIT_ACTIONS[action as AuditAction].verb : action;
}
