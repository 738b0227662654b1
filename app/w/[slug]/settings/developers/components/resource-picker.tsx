"use client";

import { Tabs } from "radix-ui";
import { useEffect, useState, useTransition } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { inputClass } from "@/components/ui/field";
import type { ResourceOption } from "@/lib/resources";
import type { Environment } from "@/lib/environments";
import { searchResourcesAction } from "../actions";
import type { ResourceKind } from "@/lib/resource-kinds";

export type Selection = Record<ResourceKind, Map<string, string>>;

const TITLES: Record<ResourceKind, { tab: string; placeholder: string; one: string }> = {
  devices: { tab: "Devices", placeholder: "Search by name, serial or site", one: "Device" },
  groups: { tab: "Device groups", placeholder: "Search groups by name", one: "Group" },
  sites: { tab: "Sites", placeholder: "Search sites by name", one: "Site" },
};
const KINDS = Object.keys(TITLES) as ResourceKind[];

/**
 * Searches on the server and shows a bounded page of matches. Selections live
 * outside the result list, so they survive any filter.
 */
export function ResourcePicker({
  slug,
  environment = "live",
  selection,
  onToggle,
  error,
}: {
  slug: string;
  /** Which copy of the resources to pick from: a test token reaches only the sandbox. */
  environment?: Environment;
  selection: Selection;
  onToggle: (kind: ResourceKind, option: ResourceOption, on: boolean) => void;
  error?: string;
}) {
  const total = selection.devices.size + selection.groups.size + selection.sites.size;
  // Each tab's query lives here, so switching tabs and back keeps what was typed.
  const [queries, setQueries] = useState<Record<ResourceKind, string>>({ devices: "", groups: "", sites: "" });
  return (
    <div className="space-y-2">
      <Tabs.Root defaultValue="devices">
        <Tabs.List aria-label="Resource type" className="flex gap-1 border-b border-slate-200">
          {KINDS.map((kind) => (
            <Tabs.Trigger
              key={kind}
              value={kind}
              className="-mb-px border-b-2 border-transparent px-3 py-1.5 text-sm text-slate-600 data-[state=active]:border-brand-600 data-[state=active]:font-medium data-[state=active]:text-brand-700"
            >
              {TITLES[kind].tab}
              {selection[kind].size > 0 && <span className="ml-1 text-xs">({selection[kind].size})</span>}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        {KINDS.map((kind) => (
          <Tabs.Content key={kind} value={kind} className="pt-3">
            <SearchList
              slug={slug}
              environment={environment}
              kind={kind}
              query={queries[kind]}
              onQuery={(query) => setQueries((q) => ({ ...q, [kind]: query }))}
              selected={selection[kind]}
              onToggle={(o, on) => onToggle(kind, o, on)}
              error={error}
            />
          </Tabs.Content>
        ))}
      </Tabs.Root>
      <div aria-live="polite" className="text-xs text-slate-600">
        {total === 0 ? "Nothing selected yet." : `${total} selected`}
      </div>
      {total > 0 && (
        <ul aria-label="Selected resources" className="flex flex-wrap gap-1.5">
          {KINDS.flatMap((kind) =>
            [...selection[kind]].map(([id, label]) => (
              <li
                key={`${kind}:${id}`}
                className="inline-flex max-w-full items-center gap-1 rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-700 ring-1 ring-brand-100"
              >
                <span className="font-medium">{TITLES[kind].one}:</span> <span className="min-w-0 [overflow-wrap:anywhere]">{label}</span>
                <button
                  type="button"
                  className="rounded-full px-1 hover:bg-brand-100"
                  aria-label={`Remove ${TITLES[kind].one.toLowerCase()} ${label}`}
                  onClick={() => onToggle(kind, { id, label, detail: "" }, false)}
                >
                  ×
                </button>
              </li>
            )),
          )}
        </ul>
      )}
      {error && (
        <p id="resources-error" className="text-sm text-red-700" data-field-error>
          {error}
        </p>
      )}
    </div>
  );
}

function SearchList({
  slug,
  environment,
  kind,
  query,
  onQuery,
  selected,
  onToggle,
  error,
}: {
  slug: string;
  environment: Environment;
  kind: ResourceKind;
  query: string;
  onQuery: (query: string) => void;
  selected: Map<string, string>;
  onToggle: (option: ResourceOption, on: boolean) => void;
  error?: string;
}) {
  const [results, setResults] = useState<ResourceOption[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(
      () =>
        startTransition(async () => {
          const result = await searchResourcesAction(slug, { environment, kind, query });
          if (cancelled) return;
          if (result.ok) {
            setResults(result.data);
            setProblem(null);
          } else setProblem(result.error);
        }),
      query ? 200 : 0,
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [slug, environment, kind, query]);

  const id = `search-${kind}`;
  return (
    <div className="space-y-2">
      <label htmlFor={id} className="sr-only">
        {TITLES[kind].placeholder}
      </label>
      <input
        id={id}
        type="search"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        // "Select at least one…" points here: focus lands in the search and the message is read out.
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "resources-error" : undefined}
        // Results follow the typing; Enter here must not submit the whole create form with a half-made selection.
        onKeyDown={(e) => {
          if (e.key === "Enter") e.preventDefault();
        }}
        placeholder={TITLES[kind].placeholder}
        className={inputClass}
        autoComplete="off"
      />
      <div className="max-h-52 overflow-y-auto rounded-md ring-1 ring-slate-200" aria-busy={pending}>
        {problem && <p className="p-3 text-sm text-red-700">{problem}</p>}
        {!problem && results === null && <p className="p-3 text-sm text-slate-600">Loading…</p>}
        {!problem && results?.length === 0 && <p className="p-3 text-sm text-slate-600">No matches for “{query}”.</p>}
        <ul>
          {results?.map((option) => (
            <li key={option.id} className="border-b border-slate-100 last:border-0">
              <label className="flex cursor-pointer items-center gap-3 px-3 py-2 text-sm hover:bg-slate-50">
                <Checkbox
                  checked={selected.has(option.id)}
                  onCheckedChange={(on) => onToggle(option, on === true)}
                  aria-label={`${option.label} (${option.detail})`}
                />
                <span className="min-w-0">
                  <span className="block truncate">{option.label}</span>
                  <span className="block truncate text-xs text-slate-600">{option.detail}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </div>
      {results && results.length >= 20 && <p className="text-xs text-slate-600">Showing the first 20 matches. Type to narrow the list.</p>}
    </div>
  );
}
