import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { inputClass } from "@/components/ui/field";
import { AUDIT_ACTION_IDS, auditVerb } from "@/lib/audit-actions";
import { hasRole } from "@/lib/roles";
import { activityLog } from "@/lib/tokens/queries";
import { viewerAccess } from "../../../viewer";
import { ActivityItems } from "../components/activity-list";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const access = await viewerAccess((await params).slug);
  return { title: access.ok ? `Activity · Developers · ${access.context.workspace.name}` : "Activity" };
}

/** Filters come from the address bar: anything malformed is dropped, not an error page. */
const filterSchema = z.object({
  actor: z.string().trim().max(254).optional().catch(undefined),
  action: z.enum(AUDIT_ACTION_IDS).optional().catch(undefined),
  token: z.string().trim().max(64).optional().catch(undefined),
  after: z
    .string()
    .regex(/^[a-z0-9]{1,64}$/i)
    .optional()
    .catch(undefined),
});

export default async function ActivityPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const access = await viewerAccess(slug);
  if (!access.ok) {
    if (access.reason === "signed_out") redirect("/login");
    notFound();
  }
  if (!hasRole(access.context.role, "admin")) redirect(`/w/${slug}/settings/developers`);
  const raw = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
  const filter = filterSchema.parse({
    actor: first(raw.actor),
    action: first(raw.action),
    token: first(raw.token),
    after: first(raw.after),
  });
  const { events, next, actors } = await activityLog(access.context.workspace.id, filter);
  const filtered = Boolean(filter.actor || filter.action || filter.token);
  const base = `/w/${slug}/settings/developers/activity`;
  const kept = new URLSearchParams({
    ...(filter.actor ? { actor: filter.actor } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.token ? { token: filter.token } : {}),
  });
  const newestHref = kept.size > 0 ? `${base}?${kept}` : base;
  const nextHref = next ? `${base}?${new URLSearchParams([...kept, ["after", next]])}` : null;

  return (
    <div className="space-y-5">
      <div>
        <Link href={`/w/${slug}/settings/developers`} className="text-sm font-medium text-brand-700 hover:underline">
          ← API tokens
        </Link>
        <h2 className="mt-2 text-lg font-semibold">Token activity</h2>
        <p className="mt-1 text-sm text-slate-600">
          Every change to this workspace's tokens (created, edited, regenerated, shortened or deleted), newest first.
        </p>
      </div>

      {/* Keyed by the filters: after "Clear" or a link, the fields show the address's filters, not what was last typed. */}
      <form
        key={kept.toString()}
        method="get"
        action={base}
        className="grid gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200 sm:grid-cols-[1fr_1fr_1fr_auto]"
      >
        <div className="space-y-1">
          <label htmlFor="filter-actor" className="block text-xs font-medium text-slate-700">
            Person
          </label>
          <select id="filter-actor" name="actor" defaultValue={filter.actor ?? ""} className={inputClass}>
            <option value="">Anyone</option>
            {actors.map((a) => (
              <option key={a.email} value={a.email}>
                {a.name === a.email ? a.email : `${a.name} (${a.email})`}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="filter-action" className="block text-xs font-medium text-slate-700">
            Action
          </label>
          <select id="filter-action" name="action" defaultValue={filter.action ?? ""} className={inputClass}>
            <option value="">Any action</option>
            {AUDIT_ACTION_IDS.map((action) => (
              <option key={action} value={action}>
                {auditVerb(action).replace(/^./, (c) => c.toUpperCase())}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="filter-token" className="block text-xs font-medium text-slate-700">
            Token name contains
          </label>
          <input id="filter-token" name="token" type="search" defaultValue={filter.token ?? ""} className={inputClass} autoComplete="off" />
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Filter
          </button>
          {filtered && (
            <Link href={base} className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">
              Clear
            </Link>
          )}
        </div>
      </form>

      {events.length === 0 ? (
        <p role="status" className="rounded-xl bg-white p-6 text-center text-sm text-slate-600 ring-1 ring-slate-200">
          {filtered ? "No events match these filters." : "No token activity yet."}
        </p>
      ) : (
        <ActivityItems events={events} label="Token activity" />
      )}

      <nav aria-label="Activity pages" className="flex justify-between text-sm">
        {filter.after ? (
          <Link href={newestHref} className="rounded-md px-3 py-1 ring-1 ring-slate-300">
            Newest
          </Link>
        ) : (
          <span />
        )}
        {nextHref && (
          <Link href={nextHref} className="rounded-md px-3 py-1 ring-1 ring-slate-300">
            Older
          </Link>
        )}
      </nav>
    </div>
  );
}
