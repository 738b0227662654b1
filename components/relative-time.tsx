"use client";

import { format, formatDistanceToNowStrict } from "date-fns";

/** "3 days ago", with the exact time in a tooltip and in the machine-readable attribute. */
export function RelativeTime({ iso, fallback = "—" }: { iso: string | null; fallback?: string }) {
  if (!iso) return <span className="text-slate-600">{fallback}</span>;
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={format(date, "PPpp")} suppressHydrationWarning>
      {formatDistanceToNowStrict(date, { addSuffix: true })}
    </time>
  );
}
