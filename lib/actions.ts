import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { z } from "zod";
import { workspaceContext, type WorkspaceContext } from "./auth/context";
import { clientIp, userAgent } from "./http/client";
import { fail, type FieldErrors, type Result } from "./result";
import type { Role } from "./roles";
import { databaseTrouble, describeError, troubleMessage } from "./db/errors";
import { log } from "./ops/log";

export interface ActionContext extends WorkspaceContext {
  ip: string | null;
  userAgent: string | null;
}

const DENIED = {
  signed_out: fail("unauthenticated", "Your session has ended. Sign in again."),
  not_member: fail("forbidden", "You are not a member of this workspace."),
  forbidden: fail("forbidden", "Your role in this workspace does not allow this."),
} as const;

/**
 * The one wrapper for server actions: session → active user → membership of
 * the workspace named by `slug` → role → schema. The handler only runs when
 * all of them pass, and receives the parsed input and who is acting. An
 * unexpected error becomes a typed `internal` failure the UI shows in place;
 * it is logged with a reference, never with the input (which may hold secrets).
 */
export function workspaceAction<S extends z.ZodType, T>(
  role: Role,
  schema: S,
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<Result<T>>,
  /** The caller's words for a refusal of the role, e.g. "Only workspace admins can manage API tokens." */
  forbiddenMessage?: string,
) {
  return async (slug: string, input: z.input<S>): Promise<Result<T>> => {
    const access = await workspaceContext(slug, role);
    if (!access.ok) return access.reason === "forbidden" && forbiddenMessage ? fail("forbidden", forbiddenMessage) : DENIED[access.reason];
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const { fieldErrors, formErrors } = z.flattenError(parsed.error);
      return fail("invalid", formErrors[0] ?? "Some fields need your attention.", fieldErrors as FieldErrors);
    }
    const h = await headers();
    try {
      return await handler(parsed.data, { ...access.context, ip: clientIp(h), userAgent: userAgent(h) });
    } catch (error) {
      // Navigation (redirect, notFound) travels as an exception too.
      if (error instanceof Error && "digest" in error && String(error.digest).startsWith("NEXT_")) throw error;
      const reference = randomUUID();
      const trouble = databaseTrouble(error);
      log.error({ reference, err: describeError(error) }, trouble ? "action: database trouble" : "action failed");
      if (trouble) return fail("internal", `${troubleMessage(trouble)} (reference ${reference})`);
      return fail(
        "internal",
        `Something went wrong on our side. Reload to see what was saved, and quote reference ${reference} if it happens again.`,
      );
    }
  };
}
