export const messages = {
  title: "API tokens",
  intro:
    "Tokens let your scripts and services call the Tollgate API on behalf of this workspace. They belong to the workspace, not to the admin who made them, and keep working after that person leaves.",
  adminOnly: "Only workspace admins can manage API tokens",
  emptyTitle: "No API tokens yet",
  emptyBody:
    "Create a token to let a script or service read and manage this workspace's devices, groups and sites. You choose its scopes and what it can reach, and you see its value once.",
  create: "Create token",
  createTest: "Create test token",
  emptyTestTitle: "No test tokens yet",
  emptyTestBody:
    "A test token works like a live one against a sandbox copy of this workspace's devices, groups and sites, so you can build an integration without touching real data.",
  fixedAfterCreate: "Scopes and resources cannot be changed after the token is created. To change them, create a new token.",
  shownOnce: "Copy this token now. For your security it will not be shown again.",
  closeConfirmTitle: "Close without copying?",
  closeConfirmBody: "You won't see this token again. If you haven't copied it, you will have to regenerate it.",
  discardTitle: "Discard this token?",
  discardBody: "The name, scopes and resources you filled in will be lost. No token has been created yet.",
  regenerateBody:
    "A new value replaces the current one. The current value stops working when you choose below: at once, or after an overlap in which both work while you update every place that uses it.",
  deleteBody: "Deleting permanently revokes the token. Requests that use it will fail at once. This cannot be undone.",
  personalTitle: "Your personal tokens",
  personalIntro:
    "A personal token acts as you: it can do only what your role allows (members can only read), reaches everything you can see in the live environment, and stops working if you lose access to this workspace.",
  personalNote:
    "This token acts as you, in the live environment, on everything you can see. Scopes your role does not allow are unavailable.",
  personalEmpty: "You have no personal tokens. Create one for your own scripts; workspace tokens are for shared services.",
  personalCreate: "Create personal token",
  membersTokensTitle: "Members' personal tokens",
  membersTokensIntro:
    "Every personal token in this workspace. You can delete any of them; nobody can see or regenerate another person's value.",
  settingLabel: "Allow members to create personal API tokens",
  settingHint: "Admins and owners may always create their own. Switching this off stops every member's personal token on its next request.",
} as const;
