"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { clientIp, userAgent } from "@/lib/http/client";
import { fail, type FieldErrors } from "@/lib/result";
import { acceptInvitation, invitationDetails } from "@/lib/workspaces/people";
import { setPasswordSchema } from "../w/[slug]/settings/members/schema";

// No session here: the link's secret is the credential. It travels in the
// page's fragment (never sent in a request line or a Referer) and reaches the
// server only as an action argument.

export async function invitationDetailsAction(secret: unknown) {
  if (typeof secret !== "string" || secret.length > 100) return fail("not_found", "This link is not valid.");
  return invitationDetails(secret);
}

export async function setPasswordAction(input: unknown) {
  const parsed = setPasswordSchema.safeParse(input);
  if (!parsed.success) {
    const { fieldErrors, formErrors } = z.flattenError(parsed.error);
    return fail("invalid", formErrors[0] ?? "Some fields need your attention.", fieldErrors as FieldErrors);
  }
  const h = await headers();
  return acceptInvitation(parsed.data.secret, parsed.data.password, clientIp(h), userAgent(h));
}
