import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/context";
import { oidcEnabled, signIn } from "@/lib/auth/config";
import { Button } from "@/components/ui/button";
import { Logo } from "@/components/logo";
import { FormAlert } from "@/components/ui/form-alert";
import { sameSitePath } from "@/lib/http/redirect";
import { LoginForm } from "./login-form";

// Auth.js sends single sign-on refusals back here as ?error=…
const SSO_ERRORS: Record<string, string> = {
  AccessDenied:
    "Single sign-on was refused: your identity provider must confirm your email, and it must belong to an active Tollgate user. Ask a workspace admin.",
  Configuration: "Single sign-on is not working right now. Try again, or sign in with your password.",
};

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string; signedOut?: string }>;
}) {
  const params = await searchParams;
  const callbackUrl = sameSitePath(params.callbackUrl) ?? "/settings/developers";
  const ssoError = params.error ? (SSO_ERRORS[params.error] ?? SSO_ERRORS.Configuration) : undefined;
  if (await currentUser()) redirect("/settings/developers");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex justify-center">
          <Logo />
        </div>
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <h1 className="mb-1 text-lg font-semibold">Sign in to Tollgate</h1>
          <p className="mb-5 text-sm text-slate-600">Manage your company workspace&apos;s API tokens.</p>
          {params.signedOut === "everywhere" && (
            <p role="status" className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
              You are signed out on every device.
            </p>
          )}
          {ssoError && (
            <div className="mb-4">
              <FormAlert>{ssoError}</FormAlert>
            </div>
          )}
          <LoginForm callbackUrl={callbackUrl} />
          {oidcEnabled && (
            <form
              className="mt-3"
              action={async () => {
                "use server";
                await signIn("oidc", { redirectTo: callbackUrl });
              }}
            >
              <Button type="submit" variant="secondary" className="w-full">
                Continue with single sign-on
              </Button>
            </form>
          )}
        </div>
      </div>
    </main>
  );
}
