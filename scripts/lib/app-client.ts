// Calls the app the way a browser does, for the tests, the soak and the
// bench: signs in through next-auth and posts server actions by their build ids.
import fs from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import path from "node:path";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { request } from "./http";

export { DEMO_PASSWORD };

function cookiesFrom(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(";")[0]);
}

/** Posts next-auth's credentials callback as its sign-in page would; returns the raw response and the CSRF cookies. */
export async function postCredentials(baseUrl: string, email: string, password: string) {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesFrom(csrf);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; "), origin: baseUrl },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${baseUrl}/settings/developers` }),
  });
  return { response, jar };
}

/** Signs in with email and password; returns the Cookie header of the session. */
export async function signIn(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const { response, jar } = await postCredentials(baseUrl, email, password);
  const session = cookiesFrom(response).find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in failed for ${email} (status ${response.status})`);
  return [...jar, session].join("; ");
}

const ACTION_FILES = {
  createTokenAction: "settings/developers/actions.ts",
  regenerateTokenAction: "settings/developers/actions.ts",
  deleteTokenAction: "settings/developers/actions.ts",
  searchResourcesAction: "settings/developers/actions.ts",
  capTokenExpiryAction: "settings/developers/actions.ts",
  updateTokenAction: "settings/developers/actions.ts",
  setLifetimePolicyAction: "settings/developers/actions.ts",
  setDefaultRateLimitAction: "settings/developers/actions.ts",
  resetSandboxAction: "settings/developers/actions.ts",
  setPersonalTokensAction: "settings/developers/actions.ts",
  createPersonalTokenAction: "settings/developers/actions.ts",
  regeneratePersonalTokenAction: "settings/developers/actions.ts",
  deletePersonalTokenAction: "settings/developers/actions.ts",
  changeRoleAction: "settings/members/actions.ts",
  setMemberActiveAction: "settings/members/actions.ts",
  removeMemberAction: "settings/members/actions.ts",
  inviteMemberAction: "settings/members/actions.ts",
  renewInvitationAction: "settings/members/actions.ts",
  setWebhookAction: "settings/developers/actions.ts",
  rollWebhookSecretAction: "settings/developers/actions.ts",
  removeWebhookAction: "settings/developers/actions.ts",
  findTokenByValueAction: "settings/developers/actions.ts",
  invitationDetailsAction: "app/invite/actions.ts",
  setPasswordAction: "app/invite/actions.ts",
  signOutAction: "account/actions.ts",
  signOutEverywhereAction: "account/actions.ts",
} as const;

type ActionName = keyof typeof ACTION_FILES;

let manifest: Record<string, { filename: string; exportedName: string }> | null = null;

/** Server action ids come from the build's manifest, as the browser's bundle gets them. */
export function actionId(name: ActionName, distDir = process.env.NEXT_DIST_DIR || ".next"): string {
  if (!manifest) {
    const file = path.join(process.cwd(), distDir, "server", "server-reference-manifest.json");
    manifest = (JSON.parse(fs.readFileSync(file, "utf8")) as { node: typeof manifest }).node;
  }
  const entry = Object.entries(manifest!).find(([, v]) => v.filename.endsWith(ACTION_FILES[name]) && v.exportedName === name);
  if (!entry) throw new Error(`no server action ${name} in the build manifest`);
  return entry[0];
}

export interface ActionResponse {
  status: number;
  text: string;
  /** The action's return value, when the response carried one. */
  result: { ok: boolean; data?: Record<string, unknown>; error?: string; code?: string; fieldErrors?: Record<string, string[]> } | null;
}

export async function callAction(
  baseUrl: string,
  cookie: string | null,
  name: ActionName,
  args: unknown[],
  options: { slug?: string; origin?: string; headers?: Record<string, string> } = {},
): Promise<ActionResponse> {
  // Posted to the page whose form uses the action, as the browser does.
  const file = ACTION_FILES[name];
  const page = file.startsWith("app/invite/")
    ? "/invite"
    : `/w/${options.slug ?? "acme"}/${file.startsWith("settings/members/") ? "settings/members" : "settings/developers"}`;
  const response = await fetch(`${baseUrl}${page}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "next-action": actionId(name),
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: options.origin ?? baseUrl,
      ...(cookie ? { cookie } : {}),
      ...options.headers,
    },
    body: JSON.stringify(args),
  });
  const text = await response.text();
  let result: ActionResponse["result"] = null;
  for (const line of text.split("\n")) {
    const json = line.replace(/^[0-9a-f]+:/, "");
    if (!json.startsWith("{")) continue;
    try {
      const value = JSON.parse(json);
      if (typeof value === "object" && value && "ok" in value) result = value;
    } catch {
      // not the line we want
    }
  }
  return { status: response.status, text, result };
}

/**
 * One credentials sign-in from a chosen loopback address (the server's socket
 * sees a distinct client). Returns where Auth.js sent the browser and
 * whether a session cookie was set.
 */
export async function signInFrom(baseUrl: string, localAddress: string, email: string, password = DEMO_PASSWORD) {
  const setCookies = (headers: IncomingHttpHeaders) => (headers["set-cookie"] ?? []).map((c) => c.split(";")[0]);
  const csrf = await request(`${baseUrl}/api/auth/csrf`, { localAddress });
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const response = await request(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    localAddress,
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: setCookies(csrf.headers).join("; "), origin: baseUrl },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${baseUrl}/settings/developers` }).toString(),
  });
  const location = String(response.headers.location ?? "");
  const signedIn = setCookies(response.headers).some((c) => /^authjs\.session-token=./.test(c));
  return { location, signedIn, rateLimited: location.includes("code=rate_limited") };
}
