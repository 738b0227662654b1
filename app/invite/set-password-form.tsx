"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { PASSWORD_MIN_LENGTH, type SetPasswordInput, setPasswordSchema } from "../w/[slug]/settings/members/schema";
import { invitationDetailsAction, setPasswordAction } from "./actions";

type Step =
  | { kind: "checking" }
  | { kind: "invalid"; message: string }
  | { kind: "form"; secret: string; email: string; name: string; workspace: string }
  | { kind: "done"; email: string };

export function SetPasswordForm() {
  const [step, setStep] = useState<Step>({ kind: "checking" });
  useEffect(() => {
    // The secret is in the fragment, which browsers never send; drop it from the address bar and history at once.
    const secret = window.location.hash.slice(1);
    window.history.replaceState(null, "", window.location.pathname);
    if (!secret) return setStep({ kind: "invalid", message: "This page needs the whole link from your invitation." });
    invitationDetailsAction(secret).then((result) =>
      setStep(result.ok ? { kind: "form", secret, ...result.data } : { kind: "invalid", message: result.error }),
    );
  }, []);

  if (step.kind === "checking") {
    return (
      <p role="status" className="text-sm text-slate-600">
        Checking your invitation…
      </p>
    );
  }
  if (step.kind === "invalid") {
    return (
      <>
        <h1 className="mb-2 text-lg font-semibold">This link does not work</h1>
        <p role="alert" className="text-sm text-slate-700">
          {step.message}
        </p>
        <p className="mt-4 text-sm">
          <a href="/login" className="font-medium text-brand-700 hover:underline">
            Go to sign in
          </a>
        </p>
      </>
    );
  }
  if (step.kind === "done") {
    return (
      <>
        <h1 className="mb-2 text-lg font-semibold">Your password is set</h1>
        <p role="status" className="text-sm text-slate-700">
          Sign in as <strong>{step.email}</strong> with your new password.
        </p>
        {/* A full load: the page rewrote its own history entry to drop the secret. */}
        <a
          href="/login"
          className="mt-4 inline-flex w-full justify-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          Sign in
        </a>
      </>
    );
  }
  return <PasswordForm invitation={step} onDone={(email) => setStep({ kind: "done", email })} />;
}

function PasswordForm({
  invitation,
  onDone,
}: {
  invitation: { secret: string; email: string; name: string; workspace: string };
  onDone: (email: string) => void;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<SetPasswordInput>({
    resolver: zodResolver(setPasswordSchema),
    defaultValues: { secret: invitation.secret, password: "", confirm: "" },
  });
  const { errors } = formState;
  const submit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await setPasswordAction(values);
    if (result.ok) return onDone(result.data.email);
    for (const [name, list] of Object.entries(result.fieldErrors ?? {})) {
      if (list?.[0]) setError(name as keyof SetPasswordInput, { message: list[0] });
    }
    if (!result.fieldErrors) setFormError(result.error);
  });
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Welcome to {invitation.workspace}</h1>
        <p className="mt-1 text-sm text-slate-600">
          Choose a password for <strong className="[overflow-wrap:anywhere]">{invitation.email}</strong>. This link works once.
        </p>
      </div>
      <FormAlert>{formError}</FormAlert>
      {/* For password managers: the account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={invitation.email} readOnly hidden />
      <Field id="new-password" label="New password" hint={`At least ${PASSWORD_MIN_LENGTH} characters.`} error={errors.password?.message}>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          className={inputClass}
          aria-invalid={Boolean(errors.password) || undefined}
          aria-describedby={describedBy("new-password", { hint: true, error: errors.password })}
          // biome-ignore lint/a11y/noAutofocus: choosing a password is the page's only task
          autoFocus
          {...register("password")}
        />
      </Field>
      <Field id="confirm-password" label="Repeat the password" error={errors.confirm?.message}>
        <input
          id="confirm-password"
          type="password"
          autoComplete="new-password"
          className={inputClass}
          aria-invalid={Boolean(errors.confirm) || undefined}
          aria-describedby={describedBy("confirm-password", { error: errors.confirm })}
          {...register("confirm")}
        />
      </Field>
      <Button type="submit" pending={formState.isSubmitting} className="w-full">
        Set password
      </Button>
    </form>
  );
}
