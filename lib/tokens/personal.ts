import { hasRole, type Role } from "../roles";
import { SCOPES, type Scope } from "../scopes";

/**
 * Personal tokens act as one person: a scope works only while that person's
 * role in the workspace allows it, checked when the token is created and
 * again on every request (a demotion takes effect on the next one). Owners
 * and admins may hold every scope; members may only read, and not the audit
 * log, which the app shows to admins only.
 */
const MEMBER_SCOPES: readonly Scope[] = SCOPES.filter((s) => s.endsWith(":read") && s !== "audit:read");

export function scopesForRole(role: Role): readonly Scope[] {
  return hasRole(role, "admin") ? SCOPES : MEMBER_SCOPES;
}

/** Why a person of `role` may not use `scope` with a personal token, or null when they may. */
export function roleCapReason(role: Role, scope: Scope): string | null {
  if (scopesForRole(role).includes(scope)) return null;
  if (scope === "audit:read") return "the audit log is for workspace admins and owners";
  return "members can only read; changes need an admin or owner";
}

/**
 * What keeps a personal token from working although its value is right: its
 * owner lost access to the workspace, or members' personal tokens were
 * switched off. Admins' and owners' own tokens do not depend on the setting.
 */
export type OwnerProblem = "owner_inactive" | "personal_tokens_off";

export interface OwnerState {
  /** The owner's role in the token's workspace; null when they are no longer a member. */
  role: Role | null;
  /** Deactivated in this workspace, or their account is disabled. */
  deactivated: boolean;
  /** The workspace setting "Allow members to create personal API tokens". */
  personalTokensEnabled: boolean;
}

export function ownerProblem(state: OwnerState): OwnerProblem | null {
  if (state.role === null || state.deactivated) return "owner_inactive";
  if (!state.personalTokensEnabled && !hasRole(state.role, "admin")) return "personal_tokens_off";
  return null;
}

/** Whether a person may create personal tokens in a workspace with this setting. */
export function mayCreatePersonalTokens(role: Role, personalTokensEnabled: boolean): boolean {
  return ownerProblem({ role, deactivated: false, personalTokensEnabled }) === null;
}
