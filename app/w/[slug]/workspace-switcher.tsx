"use client";

import { DropdownMenu } from "radix-ui";
import { useRouter } from "next/navigation";
import { landingPath } from "./settings/nav";

interface Workspace {
  slug: string;
  name: string;
  role: string;
}

export function WorkspaceSwitcher({ current, workspaces }: { current: Workspace; workspaces: Workspace[] }) {
  const router = useRouter();
  // Not modal and not portalled: the page stays available to assistive technology while the menu
  // is open, and the menu stays inside the page's landmarks.
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        className="inline-flex min-w-0 items-center gap-1.5 rounded-md px-2 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100"
        aria-label={`Workspace: ${current.name}. Switch workspace`}
      >
        <span className="truncate">{current.name}</span>
        <svg viewBox="0 0 16 16" className="size-3.5 shrink-0 text-slate-500" aria-hidden>
          <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content align="start" sideOffset={6} className="z-50 min-w-56 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-200">
        <DropdownMenu.Label className="px-2 py-1.5 text-xs font-medium text-slate-600">Workspaces</DropdownMenu.Label>
        {/* A radio group: the current workspace is announced as checked and shows a check, not only bold type. */}
        <DropdownMenu.RadioGroup
          value={current.slug}
          onValueChange={(slug) => {
            const target = workspaces.find((w) => w.slug === slug);
            if (target && slug !== current.slug) router.push(landingPath(target.slug, target.role));
          }}
        >
          {workspaces.map((w) => (
            <DropdownMenu.RadioItem
              key={w.slug}
              value={w.slug}
              className="flex cursor-pointer items-center gap-2 rounded-md py-1.5 pr-2 pl-7 text-sm outline-none relative data-[highlighted]:bg-slate-100 data-[state=checked]:font-semibold"
            >
              <DropdownMenu.ItemIndicator className="absolute left-2 inline-flex">
                <svg viewBox="0 0 12 12" className="size-3.5 text-brand-600" aria-hidden>
                  <path d="M2.5 6.5l2.2 2.2 4.8-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
                </svg>
              </DropdownMenu.ItemIndicator>
              <span className="flex-1">{w.name}</span>
              <span className="text-xs font-normal capitalize text-slate-600">{w.role}</span>
            </DropdownMenu.RadioItem>
          ))}
        </DropdownMenu.RadioGroup>
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  );
}
