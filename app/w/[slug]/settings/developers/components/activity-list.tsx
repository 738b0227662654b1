import Link from "next/link";
import { RelativeTime } from "@/components/relative-time";
import { auditVerb } from "@/lib/audit-actions";
import type { ActivityView } from "@/lib/tokens/view";

/** Events as sentences: "Ada Admin created “CI deploy” from 203.0.113.9 · 3 days ago". */
export function ActivityItems({ events, label }: { events: ActivityView[]; label: string }) {
  return (
    <ol aria-label={label} className="divide-y divide-slate-100 rounded-xl bg-white text-sm ring-1 ring-slate-200">
      {events.map((e) => (
        <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 px-4 py-2.5">
          <span className="min-w-0 [overflow-wrap:anywhere]">
            <span className="font-medium" title={e.actorEmail}>
              {e.actorName}
            </span>{" "}
            {auditVerb(e.action)} <span className="font-medium">“{e.tokenName}”</span>
            {e.detail && ` ${e.detail}`}
            {e.ip && <span className="text-slate-600"> from {e.ip}</span>}
          </span>
          <span className="text-xs text-slate-600">
            <RelativeTime iso={e.createdAt} />
          </span>
        </li>
      ))}
    </ol>
  );
}

export function ActivityList({ events, slug }: { events: ActivityView[]; slug: string }) {
  return (
    <section aria-labelledby="activity-heading" className="space-y-3">
      <div className="flex items-baseline justify-between gap-3">
        <h2 id="activity-heading" className="text-base font-semibold">
          Recent activity
        </h2>
        {events.length > 0 && (
          <Link href={`/w/${slug}/settings/developers/activity`} className="text-sm font-medium text-brand-700 hover:underline">
            View all activity
          </Link>
        )}
      </div>
      {events.length === 0 ? (
        <p className="text-sm text-slate-600">Token changes will appear here.</p>
      ) : (
        <ActivityItems events={events} label="Recent activity" />
      )}
    </section>
  );
}
