"use client";

import { Dialog as D } from "radix-ui";
import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/cn";

export const Dialog = D.Root;

export function DialogContent({
  title,
  description,
  children,
  className,
  ...props
}: { title: ReactNode; description?: ReactNode } & ComponentProps<typeof D.Content>) {
  return (
    <D.Portal>
      <D.Overlay className="fixed inset-0 z-40 bg-slate-900/40 backdrop-blur-[1px]" />
      <D.Content
        className={cn(
          "fixed left-1/2 top-1/2 z-50 flex max-h-[90vh] w-[calc(100vw-2rem)] max-w-2xl -translate-x-1/2 -translate-y-1/2 flex-col rounded-xl bg-white shadow-2xl ring-1 ring-slate-200",
          className,
        )}
        {...(description ? {} : { "aria-describedby": undefined })}
        {...props}
      >
        <div className="border-b border-slate-200 px-6 py-4">
          <D.Title className="text-lg font-semibold text-slate-900">{title}</D.Title>
          {description && <D.Description className="mt-1 text-sm text-slate-600">{description}</D.Description>}
        </div>
        {/* scroll-pb: a control scrolled into view by focus stops above a sticky FormActions bar (about 4 rem tall). */}
        <div className="scroll-pb-20 overflow-y-auto px-6 py-5">{children}</div>
      </D.Content>
    </D.Portal>
  );
}
