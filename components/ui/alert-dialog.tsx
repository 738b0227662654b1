"use client";

import { AlertDialog as A } from "radix-ui";
import type { ComponentProps, ReactNode } from "react";

export const AlertDialog = A.Root;
export const AlertDialogCancel = A.Cancel;
export const AlertDialogAction = A.Action;

export function AlertDialogContent({
  title,
  description,
  children,
  ...props
}: { title: ReactNode; description: ReactNode; children: ReactNode } & Omit<ComponentProps<typeof A.Content>, "title">) {
  return (
    <A.Portal>
      <A.Overlay className="fixed inset-0 z-[60] bg-slate-900/50" />
      <A.Content
        className="fixed left-1/2 top-1/2 z-[70] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-6 shadow-2xl ring-1 ring-slate-200"
        {...props}
      >
        <A.Title className="text-lg font-semibold text-slate-900">{title}</A.Title>
        <A.Description asChild>
          <div className="mt-2 text-sm text-slate-600">{description}</div>
        </A.Description>
        <div className="mt-5">{children}</div>
      </A.Content>
    </A.Portal>
  );
}
