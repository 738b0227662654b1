"use client";

import { ToggleGroup } from "radix-ui";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { AlertDialog, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { ENVIRONMENT_LABELS, ENVIRONMENTS, environmentCookie, type Environment } from "@/lib/environments";
import { resetSandboxAction } from "../actions";

/**
 * Live | Test, at the top of the tab. The choice is in the URL (a link
 * shares it) and remembered in a cookie for this workspace, so the tab
 * opens where the admin left it.
 */
export function EnvironmentSwitch({ slug, environment }: { slug: string; environment: Environment }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <ToggleGroup.Root
      type="single"
      value={environment}
      aria-label="Environment"
      aria-busy={pending || undefined}
      onValueChange={(value) => {
        if (!value || value === environment) return;
        // biome-ignore lint/suspicious/noDocumentCookie: a display preference, readable by the server component that renders the tab
        document.cookie = `${environmentCookie(slug)}=${value}; path=/; max-age=31536000; samesite=lax`;
        startTransition(() => router.push(`?env=${value}`));
      }}
      className="inline-flex rounded-lg bg-slate-100 p-1 ring-1 ring-slate-200"
    >
      {ENVIRONMENTS.map((env) => (
        <ToggleGroup.Item
          key={env}
          value={env}
          className={cn(
            "rounded-md px-3 py-1 text-sm font-medium text-slate-600 outline-none focus-visible:ring-2 focus-visible:ring-brand-500",
            env === "live" && "data-[state=on]:bg-white data-[state=on]:text-slate-900 data-[state=on]:shadow-sm",
            env === "test" && "data-[state=on]:bg-amber-400 data-[state=on]:text-amber-950 data-[state=on]:shadow-sm",
          )}
        >
          {ENVIRONMENT_LABELS[env]}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  );
}

/** Says, inside the create form, which environment the token is made in. */
export function EnvironmentNote({ environment }: { environment: Environment }) {
  if (environment !== "test") return null;
  return (
    <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-300">
      <strong className="font-semibold">Test token.</strong> It starts with <code className="font-mono">tg_test_</code> and reaches only the
      sandbox copy of this workspace&rsquo;s devices, groups and sites.
    </p>
  );
}

/** The unmistakable marker of the test environment, with the admins' way back to a clean sandbox. */
export function TestEnvironmentBanner({ slug }: { slug: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<string | null>(null);
  const reset = () =>
    startTransition(async () => {
      const result = await resetSandboxAction(slug, {});
      if (!result.ok) {
        setProblem(result.error);
        return;
      }
      const { devices, groups, sites } = result.data;
      toast.success(`Sandbox reset: ${devices} devices, ${groups} groups and ${sites} sites copied from live.`);
      setProblem(null);
      setConfirming(false);
      router.refresh();
    });
  return (
    <div
      id="test-environment-banner"
      className="flex flex-wrap items-center justify-between gap-3 rounded-lg border-2 border-dashed border-amber-400 bg-amber-50 px-4 py-3 text-sm text-amber-950"
    >
      <p>
        <strong className="font-semibold">Test environment.</strong> Tokens here start with <code className="font-mono">tg_test_</code> and
        read and write a sandbox copy of your devices, groups and sites. Live data is never touched.
      </p>
      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          Reset sandbox data
        </Button>
        <AlertDialogContent
          title="Reset sandbox data?"
          description={
            <>
              <p>
                Every sandbox device, group and site goes back to a copy of the live one, undoing what test tokens changed. Test tokens keep
                working.
              </p>
              {problem && (
                <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-red-800 ring-1 ring-red-200">
                  {problem}
                </p>
              )}
            </>
          }
        >
          <div className="flex justify-end gap-2">
            <AlertDialogCancel asChild>
              <Button variant="secondary">Cancel</Button>
            </AlertDialogCancel>
            <Button pending={pending} onClick={reset}>
              Reset sandbox
            </Button>
          </div>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
