/** What a token can be limited to: the pickers' tabs, the form's fields, the search action and the service. */
export const RESOURCE_KINDS = ["devices", "groups", "sites"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
