// Workspace suspension through the operator command, seen from the API on
// both servers and from the Developers tab.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { db, provider } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createToken } from "@/lib/tokens/service";
import { signIn } from "../support/actions";
import { freshWorkspace, tokenInput } from "../support/factories";
import { BASE_URL, SECOND_BASE_URL } from "../support/servers";

afterAll(() => db.$disconnect());

const run = promisify(execFile);

/** `npm run tollgate -- …`, as an operator types it (without npm's banner). */
async function tollgate(...args: string[]) {
  try {
    const { stdout, stderr } = await run("node_modules/.bin/tsx", ["scripts/tollgate.ts", ...args], { env: process.env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function status(base: string, token: string) {
  const response = await fetch(`${base}/api/v1/token`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { error?: { code: string; message: string } };
  return { status: response.status, code: body.error?.code ?? null };
}

/**
 * On PostgreSQL every server hears the change at once (a notification in the
 * same transaction), so the very next request sees it. On SQLite the command
 * runs in another process than the one server, which sees it when its cached
 * entry lapses: at most TOKEN_CACHE_TTL_MS later.
 */
async function nextRequestSees(base: string, token: string, expected: number) {
  const deadline = Date.now() + (provider === "postgres" ? 0 : env.TOKEN_CACHE_TTL_MS + 1_500);
  let seen = await status(base, token);
  while (seen.status !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    seen = await status(base, token);
  }
  return seen;
}

describe("workspace suspension", () => {
  it("suspend refuses every token on every server with workspace_suspended, shows the reason to admins, and resume restores them", async () => {
    const ws = await freshWorkspace("suspend");
    const owner = await ws.person("owner");
    const issued = await createToken(owner.actor, tokenInput({ scopes: ["devices:read"] }));
    if (!issued.ok) throw new Error(issued.error);
    const token = issued.data.plaintext;
    // Both servers have it cached as valid.
    expect((await status(BASE_URL, token)).status).toBe(200);
    expect((await status(SECOND_BASE_URL, token)).status).toBe(200);

    const suspended = await tollgate("workspace", "suspend", ws.slug, "--reason", "Invoice 2026-11 unpaid");
    expect(suspended.code).toBe(0);
    expect(suspended.stdout).toContain(`Suspended`);
    for (const base of [BASE_URL, SECOND_BASE_URL]) {
      expect(await nextRequestSees(base, token, 401)).toEqual({ status: 401, code: "workspace_suspended" });
    }
    const cookie = await signIn(BASE_URL, owner.email);
    const page = await (await fetch(`${BASE_URL}/w/${ws.slug}/settings/developers`, { headers: { cookie } })).text();
    expect(page).toContain("This workspace is suspended.");
    expect(page).toContain("Invoice 2026-11 unpaid");

    const resumed = await tollgate("workspace", "resume", ws.slug);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain("Resumed");
    for (const base of [BASE_URL, SECOND_BASE_URL]) {
      expect((await nextRequestSees(base, token, 200)).status).toBe(200);
    }
    const after = await (await fetch(`${BASE_URL}/w/${ws.slug}/settings/developers`, { headers: { cookie } })).text();
    expect(after).not.toContain("This workspace is suspended.");
  });

  it("the command refuses an unknown workspace, a missing reason and unknown commands, and changes nothing", async () => {
    const ws = await freshWorkspace("suspend");
    expect((await tollgate("workspace", "suspend", "no-such-workspace", "--reason", "x")).code).toBe(1);
    const noReason = await tollgate("workspace", "suspend", ws.slug);
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toMatch(/reason/);
    expect((await tollgate("workspace", "delete", ws.slug)).code).toBe(2);
    expect((await db.workspace.findUniqueOrThrow({ where: { id: ws.id } })).suspended).toBe(false);
  });
});
