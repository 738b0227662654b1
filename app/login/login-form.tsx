"use client";

import { useActionState, useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import { signInWithPassword, type SignInState } from "./actions";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInWithPassword, {});
  const email = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  // After a refused attempt, focus goes to the first field to fix, which is described by its error (or the form's).
  useEffect(() => {
    if (state.fieldErrors?.email) email.current?.focus();
    else if (state.fieldErrors?.password || state.error) password.current?.focus();
  }, [state]);
  const emailError = state.fieldErrors?.email?.[0];
  const passwordError = state.fieldErrors?.password?.[0];
  const formError = state.error ? "login-error" : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormAlert id="login-error">{state.error}</FormAlert>
      <Field id="email" label="Email" error={emailError}>
        <input
          ref={email}
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.email}
          aria-invalid={Boolean(emailError) || undefined}
          aria-describedby={[describedBy("email", { error: emailError }), formError].filter(Boolean).join(" ") || undefined}
          className={inputClass}
          // biome-ignore lint/a11y/noAutofocus: signing in is the page's only task
          autoFocus
        />
      </Field>
      <Field id="password" label="Password" error={passwordError}>
        <input
          ref={password}
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={Boolean(passwordError) || undefined}
          aria-describedby={[describedBy("password", { error: passwordError }), formError].filter(Boolean).join(" ") || undefined}
          className={inputClass}
        />
      </Field>
      <Button type="submit" pending={pending} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
