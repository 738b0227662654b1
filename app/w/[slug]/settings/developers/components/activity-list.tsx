import { RelativeTime } from "@/components/relative-time";
import { auditVerb } from "@/lib/audit-actions";
import type { ActivityView } from "@/lib/tokens/view";

export function ActivityList({ events }: { events: ActivityView[] }) {
  return (
    <section aria-labelledby="activity-heading" className="space-y-3">
      <h2 id="activity-heading" className="text-base font-semibold">
        Recent activity
      </h2>
      {events.length === 0 ? (
        <p className="text-sm text-slate-500">Token changes will appear here.</p>
      ) : (
        <ol className="space-y-2 rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200">
          {events.map((e) => (
            <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-2">
              <span className="[overflow-wrap:anywhere]">
                <span className="font-medium">{e.actorEmail}</span> {auditVerb(e.action)}{" "}
                <span className="font-medium">“{e.tokenName}”</span>
                {e.ip && <span className="text-slate-600"> from {e.ip}</span>}
              </span>
              <span className="text-xs text-slate-500">
                <RelativeTime iso={e.createdAt} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
