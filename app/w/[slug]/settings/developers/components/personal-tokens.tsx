"use client";

import { useRouter } from "next/navigation";
import { DropdownMenu } from "radix-ui";
import { useId, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { RelativeTime } from "@/components/relative-time";
import type { Role } from "@/lib/roles";
import type { IssuedToken } from "@/lib/tokens/service";
import type { PersonalTokenView, TokenView } from "@/lib/tokens/view";
import { calendarDate } from "@/lib/time";
import { setPersonalTokensAction } from "../actions";
import { messages } from "../messages";
import { CreateTokenForm } from "./create-token-form";
import { DeleteDialog } from "./delete-dialog";
import { RegenerateForm } from "./regenerate-form";
import { ShowOnceDialog } from "./show-once-dialog";
import { manageButtonOf } from "./token-list";

const ITEM = "cursor-pointer rounded-md px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100";

const STATUS: Record<PersonalTokenView["owner"]["status"], { label: string; tone: "warning" | "danger" } | null> = {
  active: null,
  removed: { label: "Owner removed · refused", tone: "danger" },
  deactivated: { label: "Owner deactivated · refused", tone: "danger" },
  setting_off: { label: "Personal tokens off · refused", tone: "warning" },
};

function Row({
  token,
  showOwner,
  onRegenerate,
  onDelete,
}: {
  token: TokenView | PersonalTokenView;
  showOwner: boolean;
  onRegenerate?: (t: TokenView) => void;
  onDelete: (t: TokenView) => void;
}) {
  const owner = "owner" in token ? token.owner : null;
  const status = owner ? STATUS[owner.status] : null;
  return (
    <li className="grid items-start gap-3 p-4 md:grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)_minmax(0,1fr)_auto]" data-token-id={token.id}>
      <div className="min-w-0 space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="min-w-0 font-medium text-slate-900 [overflow-wrap:anywhere]">{token.name}</h3>
          {status && <Badge tone={status.tone}>{status.label}</Badge>}
        </div>
        <code className="inline-block rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700" data-testid="masked-token">
          {token.masked}
        </code>
        {showOwner && owner && (
          <p className="text-sm text-slate-700 [overflow-wrap:anywhere]">
            {owner.name} <span className="text-slate-600">· {owner.email}</span>
            {owner.role && <span className="text-slate-600"> · {owner.role}</span>}
          </p>
        )}
      </div>
      <ul className="flex flex-wrap content-start gap-1" aria-label="Scopes">
        {token.scopes.map((s) => (
          <li key={s}>
            <code className="rounded bg-brand-50 px-1.5 py-0.5 font-mono text-xs text-brand-700">{s}</code>
          </li>
        ))}
      </ul>
      <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5 text-xs text-slate-600">
        <dt>Expires</dt>
        <dd>
          {token.expiresAt ? (
            <time dateTime={token.expiresAt} suppressHydrationWarning>
              {calendarDate(new Date(token.expiresAt))}
            </time>
          ) : (
            "Never"
          )}
        </dd>
        <dt>Last used</dt>
        <dd>
          <RelativeTime iso={token.lastUsedAt} fallback="Never used" />
          {token.lastUsedIp && <span> · {token.lastUsedIp}</span>}
        </dd>
      </dl>
      <div className="flex items-start justify-end">
        <DropdownMenu.Root modal={false}>
          <DropdownMenu.Trigger
            className="rounded-md px-2 py-1 text-sm text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50"
            aria-label={`Manage ${token.name}`}
          >
            Manage
          </DropdownMenu.Trigger>
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            className="z-30 min-w-40 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-200"
          >
            {onRegenerate && (
              <DropdownMenu.Item onSelect={() => onRegenerate(token)} className={ITEM}>
                Regenerate…
              </DropdownMenu.Item>
            )}
            <DropdownMenu.Item onSelect={() => onDelete(token)} className={`${ITEM} text-red-700 data-[highlighted]:bg-red-50`}>
              Delete…
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Root>
      </div>
    </li>
  );
}

/** The signed-in person's own personal tokens: create, regenerate, delete; the value shown once. */
export function YourPersonalTokens({
  slug,
  role,
  tokens,
  maxDays,
  suspended,
  defaultRateLimit,
}: {
  slug: string;
  role: Role;
  tokens: TokenView[];
  maxDays: number | null;
  suspended: boolean;
  defaultRateLimit: number;
}) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const [regenerating, setRegenerating] = useState<TokenView | null>(null);
  const [deleting, setDeleting] = useState<TokenView | null>(null);
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const regeneratedId = useRef<string | null>(null);
  const dirty = useRef(false);
  return (
    <section aria-labelledby="personal-heading" className="space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-2xl">
          <h2 id="personal-heading" className="text-base font-semibold">
            {messages.personalTitle}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{messages.personalIntro}</p>
        </div>
        <Button variant="secondary" data-create-personal-token onClick={() => setCreating(true)} disabled={suspended}>
          {messages.personalCreate}
        </Button>
      </div>
      {tokens.length === 0 ? (
        <p className="rounded-xl bg-white px-4 py-6 text-sm text-slate-600 ring-1 ring-slate-200">{messages.personalEmpty}</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-xl bg-white ring-1 ring-slate-200" aria-label="Your personal tokens">
          {tokens.map((t) => (
            <Row
              key={t.id}
              token={t}
              showOwner={false}
              onRegenerate={(token) => {
                regeneratedId.current = token.id;
                setRegenerating(token);
              }}
              onDelete={setDeleting}
            />
          ))}
        </ul>
      )}
      <ShowOnceDialog
        open={creating}
        onClose={() => setCreating(false)}
        title="Create personal API token"
        description="It acts as you, and can do only what your role allows."
        issued={creating ? issued : null}
        onForget={() => setIssued(null)}
        unsaved={() => dirty.current}
        returnFocus={() => document.querySelector<HTMLElement>("[data-create-personal-token]")}
      >
        <CreateTokenForm
          slug={slug}
          personal={{ role }}
          defaultRateLimit={defaultRateLimit}
          maxDays={maxDays}
          onCreated={setIssued}
          onCancel={() => setCreating(false)}
          onDirtyChange={(d) => {
            dirty.current = d;
          }}
        />
      </ShowOnceDialog>
      <ShowOnceDialog
        open={regenerating !== null}
        onClose={() => {
          setRegenerating(null);
          router.refresh();
        }}
        title={`Regenerate “${regenerating?.name ?? ""}”`}
        description="Name and scopes stay the same."
        issued={regenerating ? issued : null}
        onForget={() => setIssued(null)}
        returnFocus={() => manageButtonOf(regeneratedId.current)}
      >
        {regenerating && (
          <RegenerateForm
            slug={slug}
            own
            maxDays={maxDays}
            token={regenerating}
            onDone={setIssued}
            onCancel={() => setRegenerating(null)}
          />
        )}
      </ShowOnceDialog>
      <DeleteDialog slug={slug} own token={deleting} onClose={() => setDeleting(null)} />
    </section>
  );
}

/** Owners and admins: the setting, and every other person's personal token, which they may delete. */
export function MembersPersonalTokens({ slug, enabled, tokens }: { slug: string; enabled: boolean; tokens: PersonalTokenView[] }) {
  const [deleting, setDeleting] = useState<TokenView | null>(null);
  const [pending, startTransition] = useTransition();
  const hintId = useId();
  return (
    <section aria-labelledby="members-tokens-heading" className="space-y-3">
      <div className="max-w-2xl">
        <h2 id="members-tokens-heading" className="text-base font-semibold">
          {messages.membersTokensTitle}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{messages.membersTokensIntro}</p>
      </div>
      <div className="flex items-start gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200">
        <Checkbox
          id="personal-tokens-setting"
          className="mt-0.5"
          checked={enabled}
          disabled={pending}
          aria-describedby={hintId}
          onCheckedChange={(on) =>
            startTransition(async () => {
              const result = await setPersonalTokensAction(slug, { enabled: on === true });
              if (!result.ok) return void toast.error(result.error);
              toast.success(
                result.data.enabled ? "Members can now create personal tokens." : "Members' personal tokens are switched off and refused.",
              );
            })
          }
        />
        <div>
          <label htmlFor="personal-tokens-setting" className="text-sm font-medium text-slate-800">
            {messages.settingLabel}
          </label>
          <p id={hintId} className="text-xs text-slate-600">
            {messages.settingHint}
          </p>
        </div>
      </div>
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-600">No one else in this workspace has a personal token.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-xl bg-white ring-1 ring-slate-200" aria-label="Members' personal tokens">
          {tokens.map((t) => (
            <Row key={t.id} token={t} showOwner onDelete={setDeleting} />
          ))}
        </ul>
      )}
      <DeleteDialog slug={slug} token={deleting} onClose={() => setDeleting(null)} />
    </section>
  );
}
