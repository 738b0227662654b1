import { headers } from "next/headers";
import { z } from "zod";
import { workspaceContext, type WorkspaceContext } from "./auth/context";
import { clientIp, userAgent } from "./http/client";
import { fail, type Result } from "./result";
import type { Role } from "./roles";

export interface ActionContext extends WorkspaceContext {
  ip: string | null;
  userAgent: string | null;
}

const DENIED = {
  signed_out: fail("unauthenticated", "Your session has ended. Sign in again."),
  not_member: fail("forbidden", "You are not a member of this workspace."),
  forbidden: fail("forbidden", "Only workspace admins can manage API tokens."),
} as const;

/**
 * The one wrapper for server actions: session → active user → membership of
 * the workspace named by `slug` → role → schema. The handler only runs when
 * all of them pass, and receives the parsed input and who is acting.
 */
export function workspaceAction<S extends z.ZodType, T>(
  role: Role,
  schema: S,
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<Result<T>>,
) {
  return async (slug: string, input: z.input<S>): Promise<Result<T>> => {
    const access = await workspaceContext(slug, role);
    if (!access.ok) return DENIED[access.reason];
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const { fieldErrors, formErrors } = z.flattenError(parsed.error);
      return fail("invalid", formErrors[0] ?? "Some fields need your attention.", fieldErrors as Record<string, string[]>);
    }
    const h = await headers();
    return handler(parsed.data, { ...access.context, ip: clientIp(h), userAgent: userAgent(h) });
  };
}
