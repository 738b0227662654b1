"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { credentialsSchema, signIn } from "@/lib/auth/config";
import { db } from "@/lib/db/client";
import { sameSitePath } from "@/lib/http/redirect";
import { landingPath } from "../w/[slug]/settings/nav";

export interface SignInState {
  error?: string;
  fieldErrors?: { email?: string[]; password?: string[] };
  email?: string;
}

/** Lands on the first workspace's first page this person may use unless a page asked to come back to it. */
async function landingFor(email: string, callback: string | null) {
  if (callback && callback !== "/settings/developers" && callback !== "/") return callback;
  const membership = await db.membership.findFirst({
    where: { user: { email } },
    select: { role: true, workspace: { select: { slug: true } } },
    orderBy: { workspace: { name: "asc" } },
  });
  return membership ? landingPath(membership.workspace.slug, membership.role) : "/no-workspace";
}

export async function signInWithPassword(_prev: SignInState, form: FormData): Promise<SignInState> {
  const raw = { email: form.get("email"), password: form.get("password") };
  const parsed = credentialsSchema.safeParse(raw);
  const email = typeof raw.email === "string" ? raw.email.slice(0, 254) : "";
  if (!parsed.success) {
    const { fieldErrors } = parsed.error.flatten();
    return { fieldErrors, email };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      if (code === "rate_limited") return { error: "Too many sign-in attempts. Wait a few minutes and try again.", email };
      if (code === "deactivated") {
        return {
          error: "This account is deactivated, so it cannot sign in. An owner or admin of your workspace can reactivate it.",
          email,
        };
      }
      return { error: "Wrong email or password.", email };
    }
    throw error;
  }
  redirect(await landingFor(parsed.data.email, sameSitePath(form.get("callbackUrl"))));
}
