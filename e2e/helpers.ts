import path from "node:path";

export const DEMO_PASSWORD = "tollgate-demo";

export const ROLES_TO_SIGN_IN = [
  { email: "owner@acme.test" },
  { email: "admin@acme.test" },
  { email: "member@acme.test" },
  { email: "admin@globex.test" },
] as const;

export function storageStateFor(email: string) {
  return path.join(__dirname, "..", "test-results", ".auth", `${email.replace(/[^a-z0-9]/gi, "_")}.json`);
}

export const TOKEN_PATTERN = /^tg_live_[0-9A-Za-z]{33}$/;
