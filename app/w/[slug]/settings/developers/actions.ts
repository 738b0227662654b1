"use server";

import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { type ActionContext, workspaceAction } from "@/lib/actions";
import { fail, ok, type Result } from "@/lib/result";
import { hashToken, parseToken } from "@/lib/tokens/format";
import { findByValueSchema } from "@/lib/tokens/search";
import { db } from "@/lib/db/client";
import { searchResources } from "@/lib/resources";
import { resetSandbox, SandboxTooLarge } from "@/lib/workspaces/sandbox";
import { setPersonalTokensEnabled } from "@/lib/workspaces/people";
import { removeWebhook, rollWebhookSecret, setWebhook } from "@/lib/webhooks/settings";
import { expiresAt } from "@/lib/tokens/expiry";
import {
  capTokenExpiry,
  createToken,
  deleteToken,
  regenerateToken,
  setDefaultRateLimit,
  setLifetimePolicy,
  updateToken,
} from "@/lib/tokens/service";
import { messages } from "./messages";
import {
  createTokenSchema,
  defaultRateLimitSchema,
  deleteTokenSchema,
  emptySchema,
  lifetimePolicySchema,
  personalTokensSettingSchema,
  webhookSchema,
  regenerateTokenSchema,
  resourceSearchSchema,
  tokenRefSchema,
  updateTokenSchema,
} from "./schema";

const ADMINS_ONLY = `${messages.adminOnly}.`;

/** An admin-only action of this tab; a successful change re-renders the tab's token list. */
function adminAction<S extends z.ZodType, T>(
  schema: S,
  run: (input: z.output<S>, ctx: ActionContext) => Promise<Result<T>>,
  changes = true,
) {
  return workspaceAction(
    "admin",
    schema,
    async (input, ctx) => {
      const result = await run(input, ctx);
      if (changes && result.ok) revalidatePath(`/w/${ctx.workspace.slug}/settings/developers`);
      return result;
    },
    ADMINS_ONLY,
  );
}

export const createTokenAction = adminAction(createTokenSchema, (input, ctx) =>
  createToken(ctx, {
    name: input.name,
    description: input.description,
    expiresAt: expiresAt(input.expiry, input.customExpiry),
    scopes: input.scopes,
    allResources: input.access === "all",
    deviceIds: input.deviceIds,
    groupIds: input.groupIds,
    siteIds: input.siteIds,
    ipAllowlist: input.ipAllowlist,
    environment: input.environment,
    rateLimitPerMinute: input.rateLimitPerMinute,
  }),
);

export const regenerateTokenAction = adminAction(regenerateTokenSchema, (input, ctx) =>
  regenerateToken(ctx, {
    tokenId: input.tokenId,
    version: input.version,
    expiresAt: expiresAt(input.expiry, input.customExpiry),
    overlap: input.overlap,
  }),
);

// Admins may delete any token of the workspace, a member's personal token too (never see or regenerate one).
export const deleteTokenAction = adminAction(deleteTokenSchema, (input, ctx) => deleteToken(ctx, input));

export const updateTokenAction = adminAction(updateTokenSchema, (input, ctx) => updateToken(ctx, input));

/** Server-side search for the resource pickers: a bounded page, never the whole fleet. */
export const searchResourcesAction = adminAction(
  resourceSearchSchema,
  async (input, ctx) => ok(await searchResources(ctx.workspace.id, input.environment, input.kind, input.query)),
  false,
);

/** Restores the test environment's devices, groups and sites to a copy of the live ones. */
export const resetSandboxAction = adminAction(emptySchema, async (_input, ctx) => {
  try {
    return ok(await resetSandbox(db, ctx.workspace.id, ctx));
  } catch (error) {
    if (error instanceof SandboxTooLarge) return fail("conflict", error.message);
    throw error;
  }
});

/** Brings an out-of-policy token within the workspace's maximum lifetime. */
export const capTokenExpiryAction = adminAction(tokenRefSchema, (input, ctx) => capTokenExpiry(ctx, input));

/** The maximum token lifetime is the owners' decision. */
export const setLifetimePolicyAction = workspaceAction(
  "owner",
  lifetimePolicySchema,
  async (input, ctx) => {
    const result = await setLifetimePolicy(ctx, input.maxDays);
    if (result.ok) revalidatePath(`/w/${ctx.workspace.slug}/settings/developers`);
    return result;
  },
  "Only workspace owners can change the token lifetime policy.",
);

/** The requests per minute of tokens without their own limit: the owners' decision, like the lifetime policy. */
export const setDefaultRateLimitAction = workspaceAction(
  "owner",
  defaultRateLimitSchema,
  async (input, ctx) => {
    const result = await setDefaultRateLimit(ctx, input.perMinute);
    if (result.ok) revalidatePath(`/w/${ctx.workspace.slug}/settings/developers`);
    return result;
  },
  "Only workspace owners can change the default request limit.",
);

/** Owners and admins decide whether members may hold personal tokens; switching it off stops members' tokens at once. */
export const setPersonalTokensAction = adminAction(personalTokensSettingSchema, (input, ctx) =>
  setPersonalTokensEnabled(ctx, input.enabled),
);

/**
 * A person's own tokens: any member may try; the service checks, in the
 * transaction that writes, that the setting (or their role) allows it and
 * that every scope is within their role.
 */
function personalAction<S extends z.ZodType, T>(schema: S, run: (input: z.output<S>, ctx: ActionContext) => Promise<Result<T>>) {
  return workspaceAction("member", schema, async (input, ctx) => {
    const result = await run(input, ctx);
    if (result.ok) revalidatePath(`/w/${ctx.workspace.slug}/settings/developers`);
    return result;
  });
}

export const createPersonalTokenAction = personalAction(createTokenSchema, (input, ctx) =>
  createToken(ctx, {
    name: input.name,
    description: input.description,
    expiresAt: expiresAt(input.expiry, input.customExpiry),
    scopes: input.scopes,
    allResources: true,
    deviceIds: [],
    groupIds: [],
    siteIds: [],
    ipAllowlist: input.ipAllowlist,
    environment: "live",
    rateLimitPerMinute: input.rateLimitPerMinute,
    ownerId: ctx.user.id,
  }),
);

export const regeneratePersonalTokenAction = personalAction(regenerateTokenSchema, (input, ctx) =>
  regenerateToken(ctx, {
    tokenId: input.tokenId,
    version: input.version,
    expiresAt: expiresAt(input.expiry, input.customExpiry),
    overlap: input.overlap,
    ownerId: ctx.user.id,
  }),
);

export const deletePersonalTokenAction = personalAction(deleteTokenSchema, (input, ctx) =>
  deleteToken(ctx, { ...input, ownerId: ctx.user.id }),
);

/**
 * A whole token pasted into the search box: hashed here and looked up among
 * this workspace's tokens (current or old value). The value is never stored,
 * logged or returned; only the id of the token it belongs to.
 */
export const findTokenByValueAction = adminAction(
  findByValueSchema,
  async (input, ctx) => {
    const parsed = parseToken(input.value.trim());
    const hash = parsed.ok ? hashToken(parsed.token) : null;
    const token = hash
      ? await db.apiToken.findFirst({
          where: { workspaceId: ctx.workspace.id, OR: [{ hash }, { previousHash: hash }] },
          select: { id: true },
        })
      : null;
    return token
      ? ok({ id: token.id })
      : fail("not_found", "No token of this workspace has this value. It may have been deleted or regenerated.");
  },
  false,
);

/** The workspace's outgoing webhook: admins set, re-key and remove it. */
export const setWebhookAction = adminAction(webhookSchema, (input, ctx) => setWebhook(ctx, input.url));
export const rollWebhookSecretAction = adminAction(emptySchema, (_input, ctx) => rollWebhookSecret(ctx));
export const removeWebhookAction = adminAction(emptySchema, (_input, ctx) => removeWebhook(ctx));
