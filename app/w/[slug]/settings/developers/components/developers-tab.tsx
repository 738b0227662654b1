"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type ReactNode, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ActivityView, TokenView } from "@/lib/tokens/view";
import { messages } from "../messages";
import { ActivityList } from "./activity-list";
import { CreateTokenForm } from "./create-token-form";
import { DeleteDialog } from "./delete-dialog";
import { EditTokenDialog } from "./edit-token-dialog";
import { EmptyState } from "./empty-state";
import { EnvironmentSwitch, TestEnvironmentBanner } from "./environment-switch";
import { RegenerateForm } from "./regenerate-form";
import type { IssuedToken } from "@/lib/tokens/service";
import { ShowOnceDialog } from "./show-once-dialog";
import { manageButtonOf, TokenList } from "./token-list";
import { DefaultRateLimit, LifetimePolicy, TokenBanners } from "./token-rules";
import type { TokenRules } from "@/lib/tokens/queries";
import type { Environment } from "@/lib/environments";
import { TOKENS_PAGE_SIZE } from "@/lib/tokens/search";

interface TokenPage {
  tokens: TokenView[];
  total: number;
  /** The count stopped at its cap (lib/tokens/queries.ts): there are more than `total`. */
  more?: boolean;
  page: number;
  pageCount: number;
}

export function DevelopersTab({
  slug,
  environment = "live",
  defaultRateLimit = 0,
  serverRateLimit = defaultRateLimit,
  list,
  activity,
  rules,
  isOwner,
  banners,
  sparklines,
  search,
  filtered = false,
  pageParams = "",
  children,
}: {
  /** The search and filters as query parameters ("&q=…"), kept by the page links. */
  pageParams?: string;
  /** The search and filter bar above the list. */
  search?: ReactNode;
  /** A search or filter is on: an empty result is "no match", not "no tokens yet". */
  filtered?: boolean;
  sparklines?: Record<string, number[]>;
  /** Shown under the rules' banners (leak reports). */
  banners?: ReactNode;
  /** Sections after the workspace's tokens (personal tokens). */
  children?: ReactNode;
  slug: string;
  /** Which environment's tokens the tab shows and creates (the Test/Live switch). */
  environment?: Environment;
  defaultRateLimit?: number;
  /** The server's API_TOKEN_RATE_LIMIT, what an empty workspace default falls back to. */
  serverRateLimit?: number;
  list: TokenPage;
  activity: ActivityView[];
  rules: TokenRules;
  isOwner: boolean;
}) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const [regenerating, setRegenerating] = useState<TokenView | null>(null);
  const regeneratedId = useRef<string | null>(null);
  const [deleting, setDeleting] = useState<TokenView | null>(null);
  const [editing, setEditing] = useState<TokenView | null>(null);
  // The plaintext lives here only while its dialog is open.
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const createDirty = useRef(false);
  const createButton = (
    <Button
      data-create-token
      onClick={() => setCreating(true)}
      disabled={rules.suspended}
      aria-describedby={rules.suspended ? "suspension-banner" : undefined}
    >
      {environment === "test" ? messages.createTest : messages.create}
    </Button>
  );

  return (
    <div className="space-y-8">
      <section className="space-y-4">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="max-w-2xl">
            <h2 className="text-lg font-semibold">{messages.title}</h2>
            <p className="mt-1 text-sm text-slate-600">
              {messages.intro}{" "}
              <Link href="/docs/api" className="font-medium text-brand-700 hover:underline">
                API documentation
              </Link>
            </p>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <EnvironmentSwitch slug={slug} environment={environment} />
            {list.total > 0 && createButton}
          </div>
        </div>
        {environment === "test" && <TestEnvironmentBanner slug={slug} />}
        <TokenBanners rules={rules} />
        {banners}
        {(list.total > 0 || filtered) && search}
        {list.total === 0 && filtered ? (
          <p className="rounded-xl bg-white px-4 py-8 text-center text-sm text-slate-600 ring-1 ring-slate-200">
            No token matches this search and these filters.
          </p>
        ) : list.total === 0 ? (
          <EmptyState action={createButton} environment={environment} />
        ) : (
          <>
            <TokenList
              slug={slug}
              sparklines={sparklines}
              maxDays={rules.maxDays}
              tokens={list.tokens}
              onEdit={setEditing}
              onRegenerate={(t) => {
                regeneratedId.current = t.id;
                setRegenerating(t);
              }}
              onDelete={setDeleting}
            />
            {(list.pageCount > 1 || list.more) && (
              <nav aria-label="Token pages" className="flex items-center justify-between text-sm">
                <span className="text-slate-600">
                  {list.more
                    ? `Page ${list.page.toLocaleString("en-US")} · more than ${list.total.toLocaleString("en-US")} tokens`
                    : `Page ${list.page} of ${list.pageCount} · ${list.total.toLocaleString("en-US")} tokens`}
                </span>
                <span className="flex gap-2">
                  {list.page > 1 && (
                    <Link
                      className="rounded-md px-3 py-1 ring-1 ring-slate-300"
                      href={`?env=${environment}${pageParams}&page=${list.page - 1}`}
                    >
                      Previous
                    </Link>
                  )}
                  {(list.page < list.pageCount || (list.more && list.tokens.length === TOKENS_PAGE_SIZE)) && (
                    <Link
                      className="rounded-md px-3 py-1 ring-1 ring-slate-300"
                      href={`?env=${environment}${pageParams}&page=${list.page + 1}`}
                    >
                      Next
                    </Link>
                  )}
                </span>
              </nav>
            )}
          </>
        )}
      </section>

      {children}

      <LifetimePolicy slug={slug} maxDays={rules.maxDays} canEdit={isOwner} />
      <DefaultRateLimit slug={slug} value={rules.defaultRateLimitPerMinute} serverDefault={serverRateLimit} canEdit={isOwner} />

      <ActivityList events={activity} slug={slug} />

      <ShowOnceDialog
        open={creating}
        onClose={() => setCreating(false)}
        title={environment === "test" ? "Create test API token" : "Create API token"}
        description="Choose what the token may do and what it can reach."
        issued={creating ? issued : null}
        onForget={() => setIssued(null)}
        unsaved={() => createDirty.current}
        // The first token replaces the empty state, and with it the button that opened the dialog.
        returnFocus={() => document.querySelector<HTMLElement>("[data-create-token]")}
      >
        <CreateTokenForm
          slug={slug}
          environment={environment}
          defaultRateLimit={defaultRateLimit}
          maxDays={rules.maxDays}
          onCreated={setIssued}
          onCancel={() => setCreating(false)}
          onDirtyChange={(dirty) => {
            createDirty.current = dirty;
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
        description="Name, description, scopes and resources stay the same."
        issued={regenerating ? issued : null}
        onForget={() => setIssued(null)}
        returnFocus={() => manageButtonOf(regeneratedId.current)}
      >
        {regenerating && (
          <RegenerateForm
            slug={slug}
            maxDays={rules.maxDays}
            token={regenerating}
            onDone={setIssued}
            onCancel={() => setRegenerating(null)}
          />
        )}
      </ShowOnceDialog>

      <DeleteDialog slug={slug} token={deleting} onClose={() => setDeleting(null)} />
      <EditTokenDialog slug={slug} token={editing} onClose={() => setEditing(null)} />
    </div>
  );
}
