import type { InputHTMLAttributes } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { describedBy, Field, inputClass } from "@/components/ui/field";

/** "Requests per minute": empty takes the server's default; shown in the hint. */
export function RateLimitField({
  defaultLimit,
  error,
  registration,
}: {
  defaultLimit: number;
  error?: string;
  registration: UseFormRegisterReturn;
}) {
  const id = "token-rate-limit";
  const fallback = defaultLimit > 0 ? `the default, ${defaultLimit.toLocaleString("en-US")} per minute` : "no limit";
  const hint = `Leave empty for ${fallback}. Over the limit, requests get 429 with Retry-After; every response carries RateLimit-* headers.`;
  return (
    <Field id={id} label="Requests per minute (optional)" hint={hint} error={error}>
      <RequestsPerMinuteInput
        id={id}
        defaultLimit={defaultLimit}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { hint, error })}
        {...registration}
      />
    </Field>
  );
}

/** A requests-per-minute box: numeric keyboard, the default as its placeholder. */
export function RequestsPerMinuteInput({ defaultLimit, ...props }: InputHTMLAttributes<HTMLInputElement> & { defaultLimit: number }) {
  return (
    <input
      inputMode="numeric"
      autoComplete="off"
      className={`${inputClass} max-w-48`}
      placeholder={defaultLimit > 0 ? defaultLimit.toLocaleString("en-US") : "No limit"}
      {...props}
    />
  );
}
