"use client";

import { Tooltip } from "radix-ui";
import { exactTime, relativeTime } from "@/lib/time";

/**
 * "3 days ago" in the product's one wording (lib/time.ts), with the exact
 * moment in a tooltip on hover and on keyboard focus, and in `dateTime`.
 */
export function RelativeTime({ iso, fallback = "—", prefix = "" }: { iso: string | null; fallback?: string; prefix?: string }) {
  if (!iso) return <span className="text-slate-600">{fallback}</span>;
  const date = new Date(iso);
  const exact = exactTime(date);
  return (
    <Tooltip.Provider delayDuration={300}>
      <Tooltip.Root>
        <Tooltip.Trigger asChild>
          <time
            dateTime={iso}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: the exact time shows on keyboard focus too, not only on hover
            tabIndex={0}
            className="rounded-sm underline decoration-slate-300 decoration-dotted underline-offset-2 focus-visible:outline-2 focus-visible:outline-brand-500"
            suppressHydrationWarning
          >
            {prefix}
            {relativeTime(date)}
          </time>
        </Tooltip.Trigger>
        <Tooltip.Portal>
          <Tooltip.Content sideOffset={4} className="z-[80] rounded-md bg-slate-900 px-2 py-1 text-xs text-white shadow-lg">
            {exact}
            <Tooltip.Arrow className="fill-slate-900" />
          </Tooltip.Content>
        </Tooltip.Portal>
      </Tooltip.Root>
    </Tooltip.Provider>
  );
}
