export const SETTINGS_NAV = [
  { label: "General", segment: null, adminOnly: false },
  { label: "Developers", segment: "developers", adminOnly: true },
] as const;
