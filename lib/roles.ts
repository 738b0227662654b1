export const ROLES = ["owner", "admin", "member"] as const;
export type Role = (typeof ROLES)[number];

const rank: Record<Role, number> = { member: 0, admin: 1, owner: 2 };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** True when `role` is at least `needed` (owner ⊇ admin ⊇ member). */
export function hasRole(role: string, needed: Role): boolean {
  return isRole(role) && rank[role] >= rank[needed];
}
