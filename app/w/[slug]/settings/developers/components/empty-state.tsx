import Link from "next/link";
import type { ReactNode } from "react";
import type { Environment } from "@/lib/environments";
import { messages } from "../messages";

export function EmptyState({ action, environment = "live" }: { action: ReactNode; environment?: Environment }) {
  const test = environment === "test";
  return (
    <section className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      <h2 className="text-lg font-semibold">{test ? messages.emptyTestTitle : messages.emptyTitle}</h2>
      <p className="mx-auto mt-2 max-w-xl text-sm text-slate-600">{test ? messages.emptyTestBody : messages.emptyBody}</p>
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard (WCAG scrollable-region-focusable)
        tabIndex={0}
        className="mx-auto mt-5 max-w-xl overflow-x-auto rounded-md bg-slate-900 p-3 text-left font-mono text-xs text-slate-100"
      >
        {`curl https://tollgate.example/api/v1/token \\\n  -H "Authorization: Bearer $TOLLGATE_TOKEN"`}
      </pre>
      <div className="mt-5 flex items-center justify-center gap-3">
        {action}
        <Link href="/docs/api" className="text-sm font-medium text-brand-700 hover:underline">
          Read the API docs
        </Link>
      </div>
    </section>
  );
}
