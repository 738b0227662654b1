import { hasRole } from "@/lib/roles";

/** adminOnly: shown to admins, and to members only when `developers` says they may hold personal tokens. */
export const SETTINGS_NAV = [
  { label: "General", segment: null, adminOnly: false },
  { label: "Developers", segment: "developers", adminOnly: true },
  { label: "Members", segment: "members", adminOnly: false },
] as const;

/**
 * Where a person lands in a workspace (after sign-in, from the switcher, from
 * the home link): admins on the Developers tab, everyone else on the first
 * settings page they may use, never on a refusal.
 */
export function landingPath(slug: string, role: string): string {
  if (hasRole(role, "admin")) return `/w/${slug}/settings/developers`;
  const first = SETTINGS_NAV.find((item) => !item.adminOnly);
  return `/w/${slug}/settings${first?.segment ? `/${first.segment}` : ""}`;
}
