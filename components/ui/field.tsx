import type { ReactNode } from "react";

/** The ids a control inside <Field> should list in aria-describedby: the hint stays, the error joins it. */
export function describedBy(id: string, { hint, error }: { hint?: unknown; error?: unknown }): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

/**
 * Label, control, hint and error wired together for screen readers via ids.
 * The hint stays visible when an error shows (it usually says how to fix it);
 * `count` shows how much of a length limit is used.
 */
export function Field({
  id,
  label,
  hint,
  error,
  count,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  count?: { length: number; max: number };
  children: ReactNode;
}) {
  return (
    <div className="space-y-1.5">
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          {label}
        </label>
        {count && (
          // The limit is in the hint for screen readers; the live count is visual.
          <span aria-hidden className={count.length > count.max ? "text-xs font-medium text-red-700" : "text-xs text-slate-600"}>
            {count.length}/{count.max}
          </span>
        )}
      </div>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
    </div>
  );
}

export function FieldError({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="text-sm text-red-700" data-field-error>
      {children}
    </p>
  );
}

export const inputClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:ring-2 focus:ring-brand-500 focus:outline-none aria-[invalid=true]:ring-red-500";
