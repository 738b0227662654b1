import type { Metadata } from "next";
import { Logo } from "@/components/logo";
import { SetPasswordForm } from "./set-password-form";

export const metadata: Metadata = { title: "Set your password", robots: { index: false }, referrer: "no-referrer" };

/** The one-time link an admin copied from the Members tab: /invite#<secret>. */
export default function InvitePage() {
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex justify-center">
          <Logo />
        </div>
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <SetPasswordForm />
        </div>
      </div>
    </main>
  );
}
