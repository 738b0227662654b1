import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/context";
import { oidcEnabled, signIn } from "@/lib/auth/config";
import { Button } from "@/components/ui/button";
import { Logo } from "@/components/logo";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl = "/settings/developers" } = await searchParams;
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
          <LoginForm callbackUrl={callbackUrl} />
          {oidcEnabled && (
            <form
              className="mt-3"
              action={async () => {
                "use server";
                await signIn("oidc", { redirectTo: "/settings/developers" });
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
