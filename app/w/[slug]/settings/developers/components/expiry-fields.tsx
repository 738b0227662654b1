"use client";

import type { FieldErrors, UseFormRegister, UseFormWatch } from "react-hook-form";
import { describedBy, Field, FieldError, inputClass } from "@/components/ui/field";
import { calendarDate } from "@/lib/time";
import { EXPIRY_LABELS, type ExpiryChoice, expiresAt } from "@/lib/tokens/expiry";
import { allowedExpiryChoices, latestAllowedExpiry } from "@/lib/tokens/policy";

interface ExpiryValues {
  expiry: ExpiryChoice;
  customExpiry?: string;
}

/** Expiry presets plus a custom date; used by create and by regenerate. */
export function ExpiryFields<T extends ExpiryValues>({
  register,
  watch,
  errors,
  idPrefix,
  maxDays = null,
}: {
  register: UseFormRegister<T>;
  watch: UseFormWatch<T>;
  errors: FieldErrors<T>;
  idPrefix: string;
  /** The workspace's maximum token lifetime: only choices within it are offered. */
  maxDays?: number | null;
}) {
  // The generic form types are narrowed to the two expiry fields here.
  const reg = register as unknown as UseFormRegister<ExpiryValues>;
  const expiry = (watch as unknown as UseFormWatch<ExpiryValues>)("expiry");
  const errs = errors as FieldErrors<ExpiryValues>;
  const today = new Date().toISOString().slice(0, 10);
  // A preset says the day it lands on; "No expiry" says what it means.
  const lands = expiry && expiry !== "custom" && expiry !== "never" ? expiresAt(expiry, undefined) : null;
  const policy = maxDays !== null ? ` This workspace allows at most ${maxDays} days.` : "";
  const hint = lands ? (
    <>
      Expires on <span className="font-medium text-slate-800">{calendarDate(lands)}</span>.{policy}
    </>
  ) : expiry === "custom" && policy ? (
    policy.trim()
  ) : expiry === "never" ? (
    <span className="font-medium text-amber-800">
      Tokens without an expiry stay valid until someone deletes them. Prefer an expiry and regenerate when it nears.
    </span>
  ) : undefined;
  const id = `${idPrefix}-expiry`;
  return (
    <div className="space-y-3">
      <Field id={id} label="Expiration" error={errs.expiry?.message} hint={hint}>
        <select id={id} className={inputClass} aria-describedby={describedBy(id, { hint, error: errs.expiry })} {...reg("expiry")}>
          {allowedExpiryChoices(maxDays).map((choice) => (
            <option key={choice} value={choice}>
              {EXPIRY_LABELS[choice]}
            </option>
          ))}
        </select>
      </Field>
      {expiry === "custom" && (
        <Field id={`${idPrefix}-custom-expiry`} label="Expires on" hint="The token stops working at the end of this day (UTC).">
          <input
            id={`${idPrefix}-custom-expiry`}
            type="date"
            min={today}
            max={maxDays !== null ? latestAllowedExpiry(maxDays).toISOString().slice(0, 10) : undefined}
            className={inputClass}
            aria-invalid={Boolean(errs.customExpiry) || undefined}
            aria-describedby={describedBy(`${idPrefix}-custom-expiry`, { hint: true, error: errs.customExpiry })}
            {...reg("customExpiry")}
          />
        </Field>
      )}
      {expiry === "custom" && errs.customExpiry?.message && (
        <FieldError id={`${idPrefix}-custom-expiry-error`}>{errs.customExpiry.message}</FieldError>
      )}
    </div>
  );
}
