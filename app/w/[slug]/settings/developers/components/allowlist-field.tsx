import type { UseFormRegisterReturn } from "react-hook-form";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import { ALLOWLIST_EXAMPLES, MAX_ALLOWLIST_ENTRIES } from "@/lib/tokens/allowlist";

/** "Allowed addresses": one IP address or CIDR range per line; empty allows any address. */
export function AllowlistField({ id, error, registration }: { id: string; error?: string; registration: UseFormRegisterReturn }) {
  const hint = `One IP address or CIDR range per line (for example ${ALLOWLIST_EXAMPLES}), up to ${MAX_ALLOWLIST_ENTRIES}. Leave empty to allow any address. Requests from elsewhere get 403.`;
  return (
    <Field id={id} label="Allowed addresses (optional)" hint={hint} error={error}>
      <textarea
        id={id}
        rows={2}
        className={`${inputClass} font-mono`}
        spellCheck={false}
        autoComplete="off"
        placeholder="203.0.113.7"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { hint, error })}
        {...registration}
      />
    </Field>
  );
}
