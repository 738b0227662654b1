"use server";

import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { type ActionContext, workspaceAction } from "@/lib/actions";
import type { Result } from "@/lib/result";
import { changeRole, inviteMember, removeMember, renewInvitation, setActive } from "@/lib/workspaces/people";
import { changeRoleSchema, inviteSchema, removeMemberSchema, renewInvitationSchema, setActiveSchema } from "./schema";

/** Owners and admins manage people; the service decides what an admin may do to an admin or owner. */
function managerAction<S extends z.ZodType, T>(schema: S, run: (input: z.output<S>, ctx: ActionContext) => Promise<Result<T>>) {
  return workspaceAction(
    "admin",
    schema,
    async (input, ctx) => {
      const result = await run(input, ctx);
      if (result.ok) {
        revalidatePath(`/w/${ctx.workspace.slug}/settings/members`);
        revalidatePath(`/w/${ctx.workspace.slug}/settings/developers`);
      }
      return result;
    },
    "Only workspace admins and owners can manage members.",
  );
}

export const changeRoleAction = managerAction(changeRoleSchema, (input, ctx) => changeRole(ctx, input));
export const setMemberActiveAction = managerAction(setActiveSchema, (input, ctx) => setActive(ctx, input));
export const removeMemberAction = managerAction(removeMemberSchema, (input, ctx) => removeMember(ctx, input));

/** Creates the person and returns the one-time set-password secret; the dialog builds the link and shows it once. */
export const inviteMemberAction = managerAction(inviteSchema, (input, ctx) => inviteMember(ctx, input));

/** A new one-time link for a person who has not used theirs; the earlier link stops working. */
export const renewInvitationAction = managerAction(renewInvitationSchema, (input, ctx) => renewInvitation(ctx, input));
