import { db } from "../db/client";
import { tokenCache } from "../tokens/cache";
import { announceWorkspaceChange } from "../tokens/revocations";

/**
 * Suspension is an operator's decision (billing, abuse), taken with
 * `npm run tollgate -- workspace suspend|resume`, never from the app. While
 * suspended, every token of the workspace is refused (401
 * workspace_suspended) and tokens cannot be created or regenerated. The change
 * and its announcement commit together, so on PostgreSQL every server drops
 * the workspace's cached tokens the moment it lands.
 */
export const MAX_REASON_LENGTH = 500;

export type SuspensionResult = { ok: true; workspace: { slug: string; name: string }; changed: boolean } | { ok: false; error: string };

async function setSuspension(slug: string, suspended: boolean, reason: string | null): Promise<SuspensionResult> {
  const result = await db.$transaction(async (tx) => {
    const workspace = await tx.workspace.findUnique({ where: { slug }, select: { id: true, slug: true, name: true, suspended: true } });
    if (!workspace) return { ok: false as const, error: `No workspace has the slug “${slug}”.` };
    await tx.workspace.update({ where: { id: workspace.id }, data: { suspended, suspendedReason: reason } });
    await announceWorkspaceChange(tx, workspace.id);
    return {
      ok: true as const,
      id: workspace.id,
      workspace: { slug: workspace.slug, name: workspace.name },
      changed: workspace.suspended !== suspended,
    };
  });
  // After the commit, so a read in between cannot re-cache the old state (this process's cache; others heard the notification).
  if (result.ok) tokenCache.evictWorkspace(result.id);
  return result;
}

export function suspendWorkspace(slug: string, reason: string): Promise<SuspensionResult> {
  const trimmed = reason.trim();
  if (!trimmed) return Promise.resolve({ ok: false, error: 'Give a reason: --reason "…" (the workspace\'s admins see it).' });
  if (trimmed.length > MAX_REASON_LENGTH)
    return Promise.resolve({ ok: false, error: `Keep the reason under ${MAX_REASON_LENGTH} characters.` });
  return setSuspension(slug, true, trimmed);
}

export function resumeWorkspace(slug: string): Promise<SuspensionResult> {
  return setSuspension(slug, false, null);
}
