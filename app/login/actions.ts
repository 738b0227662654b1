"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/config";
import { credentialsSchema } from "@/lib/auth/config";

export interface SignInState {
  error?: string;
  fieldErrors?: { email?: string[]; password?: string[] };
  email?: string;
}

function safeCallback(value: FormDataEntryValue | null) {
  const url = typeof value === "string" ? value : "";
  // Only same-site paths: never an open redirect.
  return url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\") ? url : "/settings/developers";
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
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallback(form.get("callbackUrl")) });
    return {};
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      if (code === "rate_limited") return { error: "Too many sign-in attempts. Wait a few minutes and try again.", email };
      return { error: "Wrong email or password.", email };
    }
    throw error;
  }
}
