"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useRef, useState } from "react";
import { Controller, useForm, type FieldPath } from "react-hook-form";
import { FormActions } from "@/components/ui/form-actions";
import { FormAlert } from "@/components/ui/form-alert";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import type { Environment } from "@/lib/environments";
import type { ResourceOption } from "@/lib/resources";
import { NAME_MAX_LENGTH } from "@/lib/text";
import { scopeRefusal } from "@/lib/scopes";
import type { FieldErrors as ServerFieldErrors } from "@/lib/result";
import { DEFAULT_EXPIRY } from "@/lib/tokens/expiry";
import { fitExpiryChoice } from "@/lib/tokens/policy";
import { createPersonalTokenAction, createTokenAction } from "../actions";
import type { Role } from "@/lib/roles";
import { messages } from "../messages";
import type { ResourceKind } from "@/lib/resource-kinds";
import { createTokenSchema, DESCRIPTION_MAX_LENGTH, type CreateTokenInput, type CreateTokenValues } from "../schema";
import { AllowlistField } from "./allowlist-field";
import { EnvironmentNote } from "./environment-switch";
import { RateLimitField } from "./rate-limit-field";
import { ExpiryFields } from "./expiry-fields";
import { ResourcePicker, type Selection } from "./resource-picker";
import { ScopeFieldset } from "./scope-fieldset";
import type { IssuedToken } from "@/lib/tokens/service";

const KIND_FIELD = { devices: "deviceIds", groups: "groupIds", sites: "siteIds" } as const;
const NAME_HINT = `Unique in this workspace, up to ${NAME_MAX_LENGTH} characters.`;
// Personal tokens' names are unique among the person's own (lib/tokens/service.ts), not across the workspace.
const PERSONAL_NAME_HINT = `Unique among your personal tokens, up to ${NAME_MAX_LENGTH} characters.`;
const DESCRIPTION_HINT = `Up to ${DESCRIPTION_MAX_LENGTH} characters.`;

/**
 * Moves focus to the first invalid control in the form, in reading order, so
 * an error in the scopes or the resources is announced like one in the name.
 * Controls mark themselves with aria-invalid and point at their message.
 */
export function useFocusFirstError() {
  const form = useRef<HTMLFormElement>(null);
  const [request, setRequest] = useState(0);
  useEffect(() => {
    if (request === 0) return;
    // react-hook-form publishes the errors after its onInvalid callback: look once they have rendered.
    const frame = requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    return () => cancelAnimationFrame(frame);
  }, [request]);
  return { form, focusFirstError: () => setRequest((n) => n + 1) };
}

export function applyServerErrors<T extends Record<string, unknown>>(
  fieldErrors: ServerFieldErrors | undefined,
  setError: (name: FieldPath<T>, error: { type: string; message: string }) => void,
) {
  for (const [name, list] of Object.entries(fieldErrors ?? {})) {
    if (list?.[0]) setError(name as FieldPath<T>, { type: "server", message: list[0] });
  }
}

export function CreateTokenForm({
  slug,
  environment = "live",
  defaultRateLimit = 0,
  onCreated,
  onCancel,
  onDirtyChange,
  maxDays = null,
  personal,
}: {
  slug: string;
  /** A personal token of the signed-in person, capped by their role: in live, on all resources. */
  personal?: { role: Role };
  /** The environment the token is created in: the tab's Test/Live switch. */
  environment?: Environment;
  /** Requests per minute a token gets when the field is left empty; 0: unlimited. */
  defaultRateLimit?: number;
  /** The workspace's maximum token lifetime, if any. */
  maxDays?: number | null;
  onCreated: (s: IssuedToken) => void;
  onCancel: () => void;
  /** Whether anything was filled in, so closing can ask before discarding it. */
  onDirtyChange?: (dirty: boolean) => void;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const [selection, setSelection] = useState<Selection>({ devices: new Map(), groups: new Map(), sites: new Map() });
  const form = useForm<CreateTokenInput, unknown, CreateTokenValues>({
    resolver: zodResolver(createTokenSchema),
    defaultValues: {
      name: "",
      description: "",
      expiry: fitExpiryChoice(DEFAULT_EXPIRY, maxDays),
      scopes: [],
      access: "all",
      deviceIds: [],
      groupIds: [],
      siteIds: [],
      ipAllowlist: "",
      environment,
      rateLimitPerMinute: "",
    },
  });
  const { register, handleSubmit, control, watch, setError, setValue, clearErrors, formState } = form;
  const errors = formState.errors as typeof formState.errors & { resources?: { message?: string } };
  const access = watch("access");
  const nameLength = (watch("name") ?? "").length;
  const descriptionLength = (watch("description") ?? "").trim().length;
  const { form: formRef, focusFirstError } = useFocusFirstError();
  const dirty = formState.isDirty;
  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);
  const { getValues } = form;
  // Leaving "all resources" takes away the scopes that need it; the checkbox says why.
  useEffect(() => {
    const scopes = getValues("scopes") ?? [];
    const allowed = scopes.filter((s) => !scopeRefusal(s, { allResources: access !== "scoped", environment }));
    if (allowed.length !== scopes.length) setValue("scopes", allowed);
  }, [access, environment, getValues, setValue]);

  const toggle = (kind: ResourceKind, option: ResourceOption, on: boolean) => {
    const next = new Map(selection[kind]);
    if (on) next.set(option.id, option.label);
    else next.delete(option.id);
    setSelection({ ...selection, [kind]: next });
    setValue(KIND_FIELD[kind], [...next.keys()], { shouldDirty: true });
    clearErrors("resources" as never);
  };

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    // The form checked and normalised the allowlist; the action checks the text again on the server.
    const create = personal ? createPersonalTokenAction : createTokenAction;
    const result = await create(slug, { ...values, ipAllowlist: values.ipAllowlist.join("\n") });
    if (result.ok) {
      onDirtyChange?.(false);
      onCreated(result.data);
      return;
    }
    applyServerErrors<CreateTokenInput>(result.fieldErrors, setError);
    if (!result.fieldErrors || Object.keys(result.fieldErrors).length === 0) setFormError(result.error);
    else focusFirstError();
  }, focusFirstError);

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="space-y-5"
      aria-label={personal ? "Create personal API token" : "Create API token"}
    >
      <FormAlert>{formError}</FormAlert>
      {personal ? (
        <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-200">{messages.personalNote}</p>
      ) : (
        <EnvironmentNote environment={environment} />
      )}
      <Field
        id="token-name"
        label="Name"
        hint={personal ? PERSONAL_NAME_HINT : NAME_HINT}
        error={errors.name?.message}
        count={{ length: nameLength, max: NAME_MAX_LENGTH }}
      >
        <input
          id="token-name"
          className={inputClass}
          autoComplete="off"
          placeholder={personal ? "e.g. My laptop scripts" : "e.g. Warehouse sync"}
          aria-invalid={Boolean(errors.name) || undefined}
          aria-describedby={describedBy("token-name", { hint: true, error: errors.name })}
          {...register("name")}
        />
      </Field>
      <Field
        id="token-description"
        label="Description (optional)"
        hint={DESCRIPTION_HINT}
        error={errors.description?.message}
        count={{ length: descriptionLength, max: DESCRIPTION_MAX_LENGTH }}
      >
        <textarea
          id="token-description"
          rows={2}
          className={inputClass}
          placeholder="What uses this token?"
          aria-invalid={Boolean(errors.description) || undefined}
          aria-describedby={describedBy("token-description", { hint: true, error: errors.description })}
          {...register("description")}
        />
      </Field>
      <ExpiryFields register={register} watch={watch} errors={errors} idPrefix="create" maxDays={maxDays} />
      <Controller
        control={control}
        name="scopes"
        render={({ field }) => (
          <ScopeFieldset
            value={field.value ?? []}
            onChange={field.onChange}
            allResources={access !== "scoped"}
            environment={environment}
            capRole={personal?.role}
            error={errors.scopes?.message ?? errors.scopes?.root?.message}
          />
        )}
      />
      <fieldset className="space-y-2" hidden={Boolean(personal)}>
        <legend className="text-sm font-medium text-slate-800">Access</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" value="all" className="accent-brand-600" {...register("access")} />
          All devices, groups and sites
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" value="scoped" className="accent-brand-600" {...register("access")} />
          Only selected resources
        </label>
        {access === "scoped" && (
          <div className="pl-6 pt-1">
            <ResourcePicker
              slug={slug}
              environment={environment}
              selection={selection}
              onToggle={toggle}
              error={errors.resources?.message ?? errors.deviceIds?.message ?? errors.groupIds?.message ?? errors.siteIds?.message}
            />
          </div>
        )}
      </fieldset>
      <AllowlistField id="token-allowlist" error={errors.ipAllowlist?.message} registration={register("ipAllowlist")} />
      <RateLimitField
        defaultLimit={defaultRateLimit}
        error={errors.rateLimitPerMinute?.message}
        registration={register("rateLimitPerMinute")}
      />
      <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600 ring-1 ring-slate-200">{messages.fixedAfterCreate}</p>
      <FormActions onCancel={onCancel} submitLabel="Create token" pending={formState.isSubmitting} sticky />
    </form>
  );
}
