import { RelativeTime } from "@/components/relative-time";

export interface LeakRevocation {
  id: string;
  tokenName: string;
  detail: string | null;
  ip: string | null;
  createdAt: string;
}

/** Tokens revoked in the last 14 days because someone reported them leaked: what, where it was found, by which address. */
export function LeakBanner({ revocations }: { revocations: LeakRevocation[] }) {
  if (revocations.length === 0) return null;
  const n = revocations.length;
  return (
    <div role="alert" className="rounded-xl bg-red-50 p-4 text-sm text-red-900 ring-1 ring-red-200" data-testid="leak-banner">
      <p className="font-semibold">
        {n === 1 ? "A token was" : `${n} tokens were`} revoked after being reported as leaked in the last 14 days.
      </p>
      <p className="mt-1">
        Whatever used {n === 1 ? "it" : "them"} now gets 401. Create a replacement, store it somewhere safer, and check where the value was
        exposed.
      </p>
      <ul className="mt-2 space-y-1">
        {revocations.map((r) => (
          <li key={r.id} className="[overflow-wrap:anywhere]">
            <span className="font-medium">“{r.tokenName}”</span> {r.detail}
            {r.ip && <span> · reported from {r.ip}</span>} · <RelativeTime iso={r.createdAt} />
          </li>
        ))}
      </ul>
    </div>
  );
}
