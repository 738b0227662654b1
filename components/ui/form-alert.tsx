import type { ReactNode } from "react";

/** A form-level error, announced to screen readers when it appears. */
export function FormAlert({ children, id }: { children: ReactNode; id?: string }) {
  if (!children) return null;
  return (
    <div id={id} role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
      {children}
    </div>
  );
}
