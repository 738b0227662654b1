"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { Environment } from "@/lib/environments";
import { SCOPES } from "@/lib/scopes";
import {
  FULL_TOKEN,
  filterQuery,
  isFiltered,
  TOKEN_SORT_LABELS,
  TOKEN_SORTS,
  TOKEN_STATE_LABELS,
  TOKEN_STATES,
  type TokenFilter,
} from "@/lib/tokens/search";
import { findTokenByValueAction } from "../actions";

/**
 * Search, filters and sort for the token list, in the URL. A whole token
 * pasted into the box is looked up by a server action (hashed there) and
 * opens that token's page; it never becomes part of an address.
 */
export function TokenSearch({
  slug,
  environment,
  filter,
  creators,
  total,
  more = false,
}: {
  slug: string;
  environment: Environment;
  filter: TokenFilter;
  creators: { id: string; name: string }[];
  total: number;
  /** The count stopped at its cap: more than `total` match. */
  more?: boolean;
}) {
  const router = useRouter();
  const [q, setQ] = useState(filter.q ?? "");
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const messageId = useId();
  const go = (next: Partial<TokenFilter>) => router.push(filterQuery({ ...filter, ...next }, { env: environment }));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(null);
    if (FULL_TOKEN.test(q)) {
      const value = q.trim();
      setQ("");
      startTransition(async () => {
        const result = await findTokenByValueAction(slug, { value });
        if (result.ok) router.push(`/w/${slug}/settings/developers/tokens/${result.data.id}`);
        else setMessage(result.error);
      });
      return;
    }
    go({ q: q.trim() || undefined });
  };
  const select = `${inputClass} py-1.5 sm:w-auto`;
  return (
    <div className="space-y-2">
      <search aria-label="Tokens">
        <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
          <label className="min-w-56 flex-1 text-sm">
            <span className="block text-xs text-slate-600">Search</span>
            <input
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder="Name, description, tg_live_8Hq2…x9Fa or a whole leaked value"
              className={`${inputClass} py-1.5`}
              aria-describedby={message ? messageId : undefined}
              autoComplete="off"
              spellCheck={false}
            />
          </label>
          <Button type="submit" variant="secondary" pending={pending}>
            Search
          </Button>
          <label className="text-sm">
            <span className="block text-xs text-slate-600">Scope</span>
            <select
              className={select}
              value={filter.scope ?? ""}
              onChange={(e) => go({ scope: (e.target.value || undefined) as TokenFilter["scope"] })}
            >
              <option value="">Any scope</option>
              {SCOPES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="block text-xs text-slate-600">Created by</span>
            <select className={select} value={filter.creator ?? ""} onChange={(e) => go({ creator: e.target.value || undefined })}>
              <option value="">Anyone</option>
              {creators.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="block text-xs text-slate-600">Show</span>
            <select
              className={select}
              value={filter.state ?? ""}
              onChange={(e) => go({ state: (e.target.value || undefined) as TokenFilter["state"] })}
            >
              <option value="">All tokens</option>
              {TOKEN_STATES.map((s) => (
                <option key={s} value={s}>
                  {TOKEN_STATE_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="block text-xs text-slate-600">Sort</span>
            <select className={select} value={filter.sort} onChange={(e) => go({ sort: e.target.value as TokenFilter["sort"] })}>
              {TOKEN_SORTS.map((s) => (
                <option key={s} value={s}>
                  {TOKEN_SORT_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
        </form>
      </search>
      {message && (
        <p id={messageId} role="alert" className="text-sm text-red-700">
          {message}
        </p>
      )}
      {isFiltered(filter) && (
        <p className="text-sm text-slate-600" role="status">
          {total === 1 ? "1 token matches." : `${more ? "More than " : ""}${total.toLocaleString("en-US")} tokens match.`}{" "}
          <Link href={`?env=${environment}`} className="font-medium text-brand-700 hover:underline" onClick={() => setQ("")}>
            Clear search and filters
          </Link>
        </p>
      )}
    </div>
  );
}
