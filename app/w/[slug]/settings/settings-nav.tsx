"use client";

import Link from "next/link";
import { useSelectedLayoutSegment } from "next/navigation";
import { cn } from "@/lib/cn";
import { SETTINGS_NAV } from "./nav";

export function SettingsNav({ slug, isAdmin, personalTokens = false }: { slug: string; isAdmin: boolean; personalTokens?: boolean }) {
  const selected = useSelectedLayoutSegment();
  return (
    <nav aria-label="Settings" className="flex gap-1 border-b border-slate-200">
      {SETTINGS_NAV.filter((item) => isAdmin || !item.adminOnly || (item.segment === "developers" && personalTokens)).map((item) => {
        const active = selected === item.segment;
        return (
          <Link
            key={item.label}
            href={`/w/${slug}/settings${item.segment ? `/${item.segment}` : ""}`}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
