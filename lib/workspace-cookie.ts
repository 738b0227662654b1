/** Remembers the last workspace a user opened, so /settings/developers can land there. */
export const WORKSPACE_COOKIE = "tg_workspace";
