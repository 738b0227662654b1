"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { FormActions } from "@/components/ui/form-actions";
import { FormAlert } from "@/components/ui/form-alert";
import { NAME_MAX_LENGTH } from "@/lib/text";
import type { TokenView } from "@/lib/tokens/view";
import { updateTokenAction } from "../actions";
import { DESCRIPTION_MAX_LENGTH, type UpdateTokenInput, type UpdateTokenValues, updateTokenSchema } from "../schema";
import { AllowlistField } from "./allowlist-field";
import { applyServerErrors, useFocusFirstError } from "./create-token-form";
import { manageButtonOf } from "./token-list";

/** Edits what may change after creation; scopes and resources stay as they are. */
export function EditTokenDialog({ slug, token, onClose }: { slug: string; token: TokenView | null; onClose: () => void }) {
  const [lastId, setLastId] = useState<string | null>(null);
  if (token && token.id !== lastId) setLastId(token.id);
  return (
    <Dialog open={token !== null} onOpenChange={(open) => !open && onClose()}>
      {token && (
        <DialogContent
          title={`Edit “${token.name}”`}
          description="Scopes and resources cannot change; create a new token for that."
          // Opened from a menu item that is gone by now: back to the row's Manage button.
          onCloseAutoFocus={(e) => {
            const button = manageButtonOf(lastId);
            if (!button) return;
            e.preventDefault();
            button.focus();
          }}
        >
          <EditTokenForm key={`${token.id}:${token.version}`} slug={slug} token={token} onDone={onClose} />
        </DialogContent>
      )}
    </Dialog>
  );
}

function EditTokenForm({ slug, token, onDone }: { slug: string; token: TokenView; onDone: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const { form, focusFirstError } = useFocusFirstError();
  const { register, handleSubmit, setError, watch, formState } = useForm<UpdateTokenInput, unknown, UpdateTokenValues>({
    resolver: zodResolver(updateTokenSchema),
    defaultValues: {
      tokenId: token.id,
      version: token.version,
      name: token.name,
      description: token.description,
      ipAllowlist: token.ipAllowlist.join("\n"),
    },
  });
  const errors = formState.errors;
  const submit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await updateTokenAction(slug, { ...values, ipAllowlist: values.ipAllowlist.join("\n") });
    if (result.ok) {
      toast.success(`Saved “${result.data.name}”.`);
      onDone();
      return;
    }
    applyServerErrors<UpdateTokenInput>(result.fieldErrors, setError);
    if (!result.fieldErrors || Object.keys(result.fieldErrors).length === 0) setFormError(result.error);
    else focusFirstError();
  }, focusFirstError);
  const nameHint = `Unique in this workspace, up to ${NAME_MAX_LENGTH} characters.`;
  return (
    <form ref={form} onSubmit={submit} noValidate className="space-y-5" aria-label={`Edit ${token.name}`}>
      <FormAlert>{formError}</FormAlert>
      <Field
        id="edit-name"
        label="Name"
        hint={nameHint}
        error={errors.name?.message}
        count={{ length: (watch("name") ?? "").length, max: NAME_MAX_LENGTH }}
      >
        <input
          id="edit-name"
          className={inputClass}
          autoComplete="off"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describedBy("edit-name", { hint: nameHint, error: errors.name })}
          {...register("name")}
        />
      </Field>
      <Field
        id="edit-description"
        label="Description (optional)"
        error={errors.description?.message}
        count={{ length: (watch("description") ?? "").trim().length, max: DESCRIPTION_MAX_LENGTH }}
      >
        <textarea
          id="edit-description"
          rows={2}
          className={inputClass}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={describedBy("edit-description", { error: errors.description })}
          {...register("description")}
        />
      </Field>
      <AllowlistField id="edit-allowlist" error={errors.ipAllowlist?.message} registration={register("ipAllowlist")} />
      <FormActions onCancel={onDone} submitLabel="Save changes" pending={formState.isSubmitting} sticky />
    </form>
  );
}
