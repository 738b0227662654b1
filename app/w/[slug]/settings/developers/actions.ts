"use server";

import { revalidatePath } from "next/cache";
import { workspaceAction } from "@/lib/actions";
import { ok } from "@/lib/result";
import { searchResources } from "@/lib/resources";
import { expiresAt } from "@/lib/tokens/expiry";
import { createToken, deleteToken, regenerateToken } from "@/lib/tokens/service";
import { messages } from "./messages";
import { createTokenSchema, deleteTokenSchema, regenerateTokenSchema, resourceSearchSchema } from "./schema";

const refresh = (slug: string) => revalidatePath(`/w/${slug}/settings/developers`);
const ADMINS_ONLY = `${messages.adminOnly}.`;

export const createTokenAction = workspaceAction(
  "admin",
  createTokenSchema,
  async (input, ctx) => {
    const result = await createToken(ctx, {
      name: input.name,
      description: input.description,
      expiresAt: expiresAt(input.expiry, input.customExpiry),
      scopes: input.scopes,
      allResources: input.access === "all",
      deviceIds: input.deviceIds,
      groupIds: input.groupIds,
      siteIds: input.siteIds,
    });
    if (result.ok) refresh(ctx.workspace.slug);
    return result;
  },
  ADMINS_ONLY,
);

export const regenerateTokenAction = workspaceAction(
  "admin",
  regenerateTokenSchema,
  async (input, ctx) => {
    const result = await regenerateToken(ctx, {
      tokenId: input.tokenId,
      version: input.version,
      expiresAt: expiresAt(input.expiry, input.customExpiry),
    });
    if (result.ok) refresh(ctx.workspace.slug);
    return result;
  },
  ADMINS_ONLY,
);

export const deleteTokenAction = workspaceAction(
  "admin",
  deleteTokenSchema,
  async (input, ctx) => {
    const result = await deleteToken(ctx, input);
    if (result.ok) refresh(ctx.workspace.slug);
    return result;
  },
  ADMINS_ONLY,
);

/** Server-side search for the resource pickers: a bounded page, never the whole fleet. */
export const searchResourcesAction = workspaceAction(
  "admin",
  resourceSearchSchema,
  async (input, ctx) => ok(await searchResources(ctx.workspace.id, input.kind, input.query)),
  ADMINS_ONLY,
);
