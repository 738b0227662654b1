import { cn } from "@/lib/cn";
import { Button } from "./button";

/**
 * The Cancel / submit row at the foot of a dialog's form. `sticky` keeps it in
 * view at the bottom of a long dialog (the dialog body is the scroll container):
 * offset by the body's bottom padding so no strip of content shows under it,
 * and the body's scroll padding keeps a focused control above it (WCAG 2.4.11).
 */
export function FormActions({
  onCancel,
  submitLabel,
  pending,
  sticky = false,
}: {
  onCancel: () => void;
  submitLabel: string;
  pending: boolean;
  sticky?: boolean;
}) {
  return (
    <div
      className={cn("flex justify-end gap-2", sticky && "sticky -bottom-5 z-10 -mx-6 -mb-5 border-t border-slate-200 bg-white px-6 py-3")}
    >
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" pending={pending}>
        {submitLabel}
      </Button>
    </div>
  );
}
