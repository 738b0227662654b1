"use client";

import { DropdownMenu } from "radix-ui";
import Link from "next/link";
import { useTransition } from "react";
import { signOutAction, signOutEverywhereAction } from "./actions";

const itemClass =
  "flex cursor-pointer items-center rounded-md px-2 py-1.5 text-sm text-slate-800 outline-none data-[highlighted]:bg-slate-100 data-[disabled]:opacity-50";

export function AccountMenu({ email, name }: { email: string; name: string }) {
  const [pending, startTransition] = useTransition();
  // Not modal and not portalled: the page stays available to assistive technology while the menu
  // is open, and the menu stays inside the page's landmarks.
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        className="inline-flex max-w-56 items-center gap-1.5 rounded-md px-2 py-1 text-sm text-slate-700 hover:bg-slate-100"
        aria-label={`Account: ${email}`}
      >
        {/* The initial is drawn by CSS, so the button's visible text is the email its name starts with (label-content-name-mismatch). */}
        <span
          data-initial={(name || email).charAt(0).toUpperCase()}
          className="flex size-6 shrink-0 items-center justify-center rounded-full bg-slate-800 text-xs font-semibold text-white before:content-[attr(data-initial)]"
          aria-hidden
        />
        <span className="hidden truncate sm:inline">{email}</span>
        <svg viewBox="0 0 16 16" className="size-3.5 shrink-0 text-slate-500" aria-hidden>
          <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content align="end" sideOffset={6} className="z-50 min-w-56 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-200">
        <DropdownMenu.Label className="px-2 py-1.5 text-xs text-slate-600">
          Signed in as <span className="font-medium text-slate-800">{email}</span>
        </DropdownMenu.Label>
        <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
        {/* On phones the header has no room for the docs link. */}
        <DropdownMenu.Item asChild className={`${itemClass} sm:hidden`}>
          <Link href="/docs/api">API docs</Link>
        </DropdownMenu.Item>
        <DropdownMenu.Item className={itemClass} disabled={pending} onSelect={() => startTransition(() => signOutAction())}>
          Sign out
        </DropdownMenu.Item>
        <DropdownMenu.Item className={itemClass} disabled={pending} onSelect={() => startTransition(() => signOutEverywhereAction())}>
          Sign out everywhere
        </DropdownMenu.Item>
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  );
}
