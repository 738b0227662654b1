"use client";

import { DropdownMenu } from "radix-ui";
import { useRouter } from "next/navigation";

interface Workspace {
  slug: string;
  name: string;
  role: string;
}

export function WorkspaceSwitcher({ current, workspaces }: { current: Workspace; workspaces: Workspace[] }) {
  const router = useRouter();
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="inline-flex min-w-0 items-center gap-1.5 rounded-md px-2 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100"
        aria-label={`Workspace: ${current.name}. Switch workspace`}
      >
        <span className="truncate">{current.name}</span>
        <svg viewBox="0 0 16 16" className="size-3.5 shrink-0 text-slate-500" aria-hidden>
          <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="start"
          sideOffset={6}
          className="z-50 min-w-56 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-200"
        >
          <DropdownMenu.Label className="px-2 py-1.5 text-xs font-medium text-slate-500">Workspaces</DropdownMenu.Label>
          {workspaces.map((w) => (
            <DropdownMenu.Item
              key={w.slug}
              onSelect={() => router.push(`/w/${w.slug}/settings/developers`)}
              className="flex cursor-pointer items-center justify-between gap-4 rounded-md px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100"
            >
              <span className={w.slug === current.slug ? "font-semibold" : undefined}>{w.name}</span>
              <span className="text-xs capitalize text-slate-500">{w.role}</span>
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
