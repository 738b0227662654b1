"use client";

import { useRouter } from "next/navigation";
import { type ReactNode, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import { RequestsPerMinuteInput } from "./rate-limit-field";
import { EXPIRING_SOON_DAYS } from "@/lib/tokens/expiry";
import { LIFETIME_CHOICES, lifetimeLabel, type MaxLifetime } from "@/lib/tokens/policy";
import type { TokenRules } from "@/lib/tokens/queries";
import { setDefaultRateLimitAction, setLifetimePolicyAction } from "../actions";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What needs attention before the list: a suspension, tokens about to expire, tokens beyond the policy. */
export function TokenBanners({ rules }: { rules: TokenRules }) {
  return (
    <>
      {rules.suspended && (
        <div id="suspension-banner" className="rounded-lg bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-200">
          <p className="font-semibold">This workspace is suspended.</p>
          {rules.suspendedReason && <p className="mt-1">Reason: {rules.suspendedReason}</p>}
          <p className="mt-1">Its tokens are refused and new ones cannot be created or regenerated until Tollgate resumes it.</p>
        </div>
      )}
      {(rules.expiringSoon > 0 || rules.outOfPolicy > 0 || (rules.unused90 ?? 0) > 0) && (
        <div className="space-y-1 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="attention">
          {rules.expiringSoon > 0 && (
            <p>
              {plural(rules.expiringSoon, "token expires", "tokens expire")} within {EXPIRING_SOON_DAYS} days. Regenerate{" "}
              {rules.expiringSoon === 1 ? "it" : "them"} before {rules.expiringSoon === 1 ? "it stops" : "they stop"} working.
            </p>
          )}
          {(rules.unused90 ?? 0) > 0 && (
            <p>
              {plural(rules.unused90 ?? 0, "token has", "tokens have")} not been used for 90 days.{" "}
              <a href="?state=unused_90" className="font-medium underline">
                Review {rules.unused90 === 1 ? "it" : "them"}
              </a>{" "}
              and delete what nothing needs any more.
            </p>
          )}
          {rules.outOfPolicy > 0 && rules.maxDays !== null && (
            <p>
              {plural(rules.outOfPolicy, "token exceeds", "tokens exceed")} the {rules.maxDays}-day maximum lifetime. Use “Shorten to{" "}
              {rules.maxDays} days” on {rules.outOfPolicy === 1 ? "it" : "each"}.
            </p>
          )}
        </div>
      )}
    </>
  );
}

/** The maximum token lifetime: owners change it, admins read it. */
export function LifetimePolicy({ slug, maxDays, canEdit }: { slug: string; maxDays: MaxLifetime; canEdit: boolean }) {
  const [value, setValue] = useState<string>(maxDays === null ? "" : String(maxDays));
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const save = () =>
    startTransition(async () => {
      const chosen = value === "" ? null : Number(value);
      const result = await setLifetimePolicyAction(slug, { maxDays: chosen as MaxLifetime });
      if (result.ok) {
        setProblem(null);
        toast.success(`Maximum token lifetime: ${lifetimeLabel(result.data.maxDays).toLowerCase()}.`);
      } else setProblem(result.error);
    });
  return (
    <SettingCard id="policy-heading" title="Token lifetime policy" onSave={canEdit ? save : null}>
      {canEdit ? (
        <>
          <div className="space-y-1">
            <label htmlFor="max-lifetime" className="block text-sm text-slate-700">
              Maximum lifetime of new and regenerated tokens
            </label>
            <select
              id="max-lifetime"
              className={inputClass}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              aria-describedby={problem ? "max-lifetime-error" : undefined}
              aria-invalid={problem ? true : undefined}
            >
              {LIFETIME_CHOICES.map((days) => (
                <option key={String(days)} value={days === null ? "" : String(days)}>
                  {lifetimeLabel(days)}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="secondary" pending={pending} disabled={value === (maxDays === null ? "" : String(maxDays))}>
            Save policy
          </Button>
          {problem && (
            <p id="max-lifetime-error" role="alert" className="w-full text-sm text-red-700">
              {problem}
            </p>
          )}
        </>
      ) : (
        <p className="mt-1 text-sm text-slate-600">
          Maximum lifetime: <span className="font-medium text-slate-800">{lifetimeLabel(maxDays)}</span>. Owners of this workspace set it.
        </p>
      )}
    </SettingCard>
  );
}

const perMinute = (n: number) => (n > 0 ? `${n.toLocaleString("en-US")} requests per minute` : "no limit");

/**
 * The workspace's default request limit: what a token without a limit of its
 * own may make per minute. Owners set it (empty: the server's default);
 * everyone else sees it. It applies to existing tokens on their next request.
 */
export function DefaultRateLimit({
  slug,
  value,
  serverDefault,
  canEdit,
}: {
  slug: string;
  /** What an owner set; null: the server's default. */
  value: number | null;
  serverDefault: number;
  canEdit: boolean;
}) {
  const router = useRouter();
  const [text, setText] = useState(value === null ? "" : String(value));
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const id = "default-rate-limit";
  const effective = value ?? serverDefault;
  const hint = `Leave empty for the server's default (${perMinute(serverDefault)}). Tokens with a limit of their own keep it.`;
  const save = () =>
    startTransition(async () => {
      const result = await setDefaultRateLimitAction(slug, { perMinute: text });
      if (result.ok) {
        setProblem(null);
        setText(result.data.perMinute === null ? "" : String(result.data.perMinute));
        toast.success(`Tokens without their own limit: ${perMinute(result.data.effective)}.`);
        router.refresh();
      } else setProblem(result.fieldErrors?.perMinute?.[0] ?? result.error);
    });
  return (
    <SettingCard id="rate-limit-heading" title="Default request limit" onSave={canEdit ? save : null}>
      {canEdit ? (
        <Field id={id} label="Requests per minute for tokens without their own limit" hint={hint} error={problem ?? undefined}>
          {/* The button beside the box, with the hint and any error under both. */}
          <div className="flex flex-wrap items-center gap-3">
            <RequestsPerMinuteInput
              id={id}
              defaultLimit={serverDefault}
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-invalid={problem ? true : undefined}
              aria-describedby={describedBy(id, { hint, error: problem })}
            />
            <Button type="submit" variant="secondary" pending={pending} disabled={text.trim() === (value === null ? "" : String(value))}>
              Save limit
            </Button>
          </div>
        </Field>
      ) : (
        <p className="mt-1 text-sm text-slate-600">
          Tokens without their own limit may make <span className="font-medium text-slate-800">{perMinute(effective)}</span>. Owners of this
          workspace set it.
        </p>
      )}
    </SettingCard>
  );
}

/** A workspace setting's card: its heading, and for those who may change it a form that saves on submit. */
function SettingCard({ id, title, onSave, children }: { id: string; title: string; onSave: (() => void) | null; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
      <h2 id={id} className="text-base font-semibold">
        {title}
      </h2>
      {onSave ? (
        <form
          className="mt-2 flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            onSave();
          }}
        >
          {children}
        </form>
      ) : (
        children
      )}
    </section>
  );
}
