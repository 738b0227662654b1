"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { FormActions } from "@/components/ui/form-actions";
import { FormAlert } from "@/components/ui/form-alert";
import { calendarDate, relativeTime } from "@/lib/time";
import { expiryChoiceFor } from "@/lib/tokens/expiry";
import { fitExpiryChoice } from "@/lib/tokens/policy";
import { OVERLAP_CHOICES, OVERLAP_LABELS } from "@/lib/tokens/rotation";
import { Field, inputClass } from "@/components/ui/field";
import type { TokenView } from "@/lib/tokens/view";
import { regeneratePersonalTokenAction, regenerateTokenAction } from "../actions";
import { messages } from "../messages";
import { regenerateTokenSchema, type RegenerateTokenInput } from "../schema";
import { applyServerErrors } from "./create-token-form";
import { ExpiryFields } from "./expiry-fields";
import type { IssuedToken } from "@/lib/tokens/service";

export function RegenerateForm({
  slug,
  token,
  onDone,
  onCancel,
  maxDays = null,
  own = false,
}: {
  slug: string;
  maxDays?: number | null;
  /** The signed-in person's own personal token. */
  own?: boolean;
  token: TokenView;
  onDone: (s: IssuedToken) => void;
  onCancel: () => void;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, watch, handleSubmit, setError, formState } = useForm<RegenerateTokenInput>({
    resolver: zodResolver(regenerateTokenSchema),
    // The new value gets the lifetime the current one had, unless the admin picks another.
    defaultValues: {
      tokenId: token.id,
      version: token.version,
      overlap: "now",
      expiry: fitExpiryChoice(expiryChoiceFor(new Date(token.issuedAt), token.expiresAt ? new Date(token.expiresAt) : null), maxDays),
    },
  });
  const submit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await (own ? regeneratePersonalTokenAction : regenerateTokenAction)(slug, values);
    if (result.ok) return onDone(result.data);
    applyServerErrors<RegenerateTokenInput>(result.fieldErrors, setError);
    if (!result.fieldErrors) setFormError(result.error);
  });
  return (
    <form onSubmit={submit} noValidate className="space-y-5" aria-label={`Regenerate ${token.name}`}>
      <p className="text-sm text-slate-700">{messages.regenerateBody}</p>
      <p className="text-sm text-slate-700" data-testid="current-expiry">
        {token.expiresAt ? (
          <>
            The current value {new Date(token.expiresAt).getTime() <= Date.now() ? "expired" : "expires"} on{" "}
            <span className="font-medium">{calendarDate(new Date(token.expiresAt))}</span> ({relativeTime(new Date(token.expiresAt))}).
          </>
        ) : (
          "The current value has no expiry."
        )}
      </p>
      <FormAlert>{formError}</FormAlert>
      <Field
        id="regenerate-overlap"
        label="Old value stops working"
        hint="Keep the old value working for a while to update the places that use it without an outage. After a leak, choose Now."
      >
        <select id="regenerate-overlap" className={inputClass} aria-describedby="regenerate-overlap-hint" {...register("overlap")}>
          {OVERLAP_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {OVERLAP_LABELS[choice]}
            </option>
          ))}
        </select>
      </Field>
      <ExpiryFields register={register} watch={watch} errors={formState.errors} idPrefix="regenerate" maxDays={maxDays} />
      <FormActions onCancel={onCancel} submitLabel="Regenerate token" pending={formState.isSubmitting} />
    </form>
  );
}
