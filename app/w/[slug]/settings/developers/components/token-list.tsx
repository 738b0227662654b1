"use client";

import Link from "next/link";
import { DropdownMenu } from "radix-ui";
import { Sparkline } from "@/components/sparkline";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { isOutOfPolicy } from "@/lib/tokens/policy";
import { capTokenExpiryAction } from "../actions";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/relative-time";
import { isExpiringSoon } from "@/lib/tokens/expiry";
import { calendarDate, relativeTime } from "@/lib/time";
import { describeAccess, type TokenView } from "@/lib/tokens/view";

/** The row's Manage button: where focus goes back to after a dialog opened from its menu. */
export function manageButtonOf(tokenId: string | null): HTMLElement | null {
  if (!tokenId) return null;
  return document.querySelector<HTMLElement>(`[data-token-id="${CSS.escape(tokenId)}"] [aria-haspopup="menu"]`);
}

function ExpiryBadge({ expiresAt }: { expiresAt: string | null }) {
  if (!expiresAt) return <Badge>No expiry</Badge>;
  const date = new Date(expiresAt);
  if (date.getTime() <= Date.now()) return <Badge tone="danger">Expired</Badge>;
  return (
    <Badge tone={isExpiringSoon(date) ? "warning" : "neutral"}>
      <span suppressHydrationWarning>Expires {relativeTime(date)}</span>
    </Badge>
  );
}

/** Marks a token beyond the lifetime policy, with the one-click fix. */
function OutOfPolicy({ slug, token, maxDays }: { slug: string; token: TokenView; maxDays: number }) {
  const [pending, startTransition] = useTransition();
  return (
    <>
      <Badge tone="danger">Out of policy</Badge>
      <Button
        size="sm"
        variant="secondary"
        pending={pending}
        aria-label={`Shorten to ${maxDays} days: ${token.name}`}
        onClick={() =>
          startTransition(async () => {
            const result = await capTokenExpiryAction(slug, { tokenId: token.id, version: token.version });
            if (!result.ok) return void toast.error(result.error);
            toast.success(`“${result.data.name}” now expires on ${calendarDate(new Date(result.data.expiresAt))}.`);
            // This button leaves with the badge: keep the keyboard in the row.
            requestAnimationFrame(() => manageButtonOf(token.id)?.focus());
          })
        }
      >
        Shorten to {maxDays} days
      </Button>
    </>
  );
}

export function TokenList({
  slug,
  maxDays,
  tokens,
  onEdit,
  onRegenerate,
  onDelete,
  sparklines = {},
}: {
  /** Requests per day for the last 14 days, per token id. */
  sparklines?: Record<string, number[]>;
  onEdit: (t: TokenView) => void;
  slug: string;
  maxDays: number | null;
  tokens: TokenView[];
  onRegenerate: (t: TokenView) => void;
  onDelete: (t: TokenView) => void;
}) {
  return (
    <ul className="divide-y divide-slate-100 rounded-xl bg-white ring-1 ring-slate-200" aria-label="API tokens">
      {tokens.map((t) => (
        <li
          key={t.id}
          className="grid items-start gap-3 p-4 md:grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)_minmax(0,1fr)_auto]"
          data-token-id={t.id}
        >
          <div className="min-w-0 space-y-1">
            <div className="flex flex-wrap items-center gap-2">
              <h3 className="min-w-0 font-medium text-slate-900 [overflow-wrap:anywhere]">
                <Link href={`/w/${slug}/settings/developers/tokens/${t.id}`} className="hover:text-brand-700 hover:underline">
                  {t.name}
                </Link>
              </h3>
              <ExpiryBadge expiresAt={t.expiresAt} />
              {maxDays !== null && isOutOfPolicy(t.expiresAt ? new Date(t.expiresAt) : null, maxDays) && (
                <OutOfPolicy slug={slug} token={t} maxDays={maxDays} />
              )}
            </div>
            {t.description && <p className="text-sm text-slate-600 [overflow-wrap:anywhere]">{t.description}</p>}
            <code className="inline-block rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700" data-testid="masked-token">
              {t.masked}
            </code>
            {t.oldValueExpiresAt && (
              <p className="text-xs text-amber-800" data-testid="old-value">
                The old value stops working <RelativeTime iso={t.oldValueExpiresAt} />.
              </p>
            )}
          </div>
          <div className="min-w-0 space-y-1 text-sm">
            <ul className="flex flex-wrap gap-1" aria-label="Scopes">
              {t.scopes.map((s) => (
                <li key={s}>
                  <code className="rounded bg-brand-50 px-1.5 py-0.5 font-mono text-xs text-brand-700">{s}</code>
                </li>
              ))}
            </ul>
            <p className="text-slate-600">{describeAccess(t.access)}</p>
            {t.ipAllowlist.length > 0 && (
              <p className="text-xs text-slate-600 [overflow-wrap:anywhere]" data-testid="allowlist">
                Only from <span className="font-mono text-slate-800">{t.ipAllowlist.join(", ")}</span>
              </p>
            )}
            {t.rateLimitPerMinute !== null && (
              <p className="text-xs text-slate-600" data-testid="rate-limit">
                {t.rateLimitPerMinute.toLocaleString("en-US")} requests per minute
              </p>
            )}
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5 text-xs text-slate-600">
            <dt className="text-slate-600">Created by</dt>
            <dd className="truncate">
              {t.createdBy ? (
                <>
                  {t.createdBy.name}
                  {!t.createdBy.active && (
                    <Badge tone="warning" className="ml-1">
                      {t.createdBy.removed ? "Removed" : "Deactivated"}
                    </Badge>
                  )}
                </>
              ) : (
                <span className="text-slate-600">Removed user</span>
              )}
            </dd>
            <dt className="text-slate-600">Created</dt>
            <dd>
              <RelativeTime iso={t.createdAt} />
            </dd>
            <dt className="text-slate-600">Expires</dt>
            <dd>
              {t.expiresAt ? (
                <time dateTime={t.expiresAt} suppressHydrationWarning>
                  {calendarDate(new Date(t.expiresAt))}
                </time>
              ) : (
                "Never"
              )}
            </dd>
            <dt className="text-slate-600">Last used</dt>
            <dd>
              <RelativeTime iso={t.lastUsedAt} fallback="Never used" />
              {t.lastUsedIp && <span className="text-slate-600"> · {t.lastUsedIp}</span>}
            </dd>
            {sparklines[t.id] && (
              <>
                <dt className="text-slate-600">14 days</dt>
                <dd>
                  <Sparkline values={sparklines[t.id]} label={`Requests per day of ${t.name}`} />
                </dd>
              </>
            )}
          </dl>
          <div className="flex items-start justify-end">
            {/* Not modal and not portalled: the page stays available to assistive technology while the menu is open, and the menu stays inside the page's landmarks. */}
            <DropdownMenu.Root modal={false}>
              <DropdownMenu.Trigger
                className="rounded-md px-2 py-1 text-sm text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50"
                aria-label={`Manage ${t.name}`}
              >
                Manage
              </DropdownMenu.Trigger>
              <DropdownMenu.Content
                align="end"
                sideOffset={4}
                className="z-30 min-w-40 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-200"
              >
                <DropdownMenu.Item
                  onSelect={() => onEdit(t)}
                  className="cursor-pointer rounded-md px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100"
                >
                  Edit…
                </DropdownMenu.Item>
                <DropdownMenu.Item
                  onSelect={() => onRegenerate(t)}
                  className="cursor-pointer rounded-md px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100"
                >
                  Regenerate…
                </DropdownMenu.Item>
                <DropdownMenu.Item
                  onSelect={() => onDelete(t)}
                  className="cursor-pointer rounded-md px-2 py-1.5 text-sm text-red-700 outline-none data-[highlighted]:bg-red-50"
                >
                  Delete…
                </DropdownMenu.Item>
              </DropdownMenu.Content>
            </DropdownMenu.Root>
          </div>
        </li>
      ))}
    </ul>
  );
}
