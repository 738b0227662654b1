import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { CopyButton } from "@/components/copy-button";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";
import { CLIENT_REQUEST_ID } from "@/lib/api/errors";
import { OPERATIONS } from "@/lib/api/operations";
import { hasRole } from "@/lib/roles";
import { calendarDate, exactTime } from "@/lib/time";
import { tokenDetail, tokenRules } from "@/lib/tokens/queries";
import { describeAccess } from "@/lib/tokens/view";
import { dailyUsage, recentRequests, STATUS_CLASSES, type StatusClass } from "@/lib/usage/queries";
import { viewerAccess } from "../../../../viewer";
import { TokenActions } from "./token-actions";
import { UsageChart } from "./usage-chart";

type Search = { status?: string; route?: string; ip?: string; request_id?: string; before?: string };

export const metadata: Metadata = { title: "API token" };

const ROUTES: string[] = [...new Set(OPERATIONS.filter((op) => !("public" in op && op.public)).map((op) => op.path))];

/** Only values the filters offer; anything else is ignored, as if unset. */
function filters(search: Search) {
  const status = STATUS_CLASSES.includes(search.status as StatusClass) ? (search.status as StatusClass) : undefined;
  const route = search.route && ROUTES.includes(search.route) ? search.route : undefined;
  const ip = search.ip && /^[0-9a-fA-F:.]{2,45}$/.test(search.ip.trim()) ? search.ip.trim() : undefined;
  const requestId = search.request_id?.trim();
  return { status, route, ip, requestId: requestId && CLIENT_REQUEST_ID.test(requestId) ? requestId : undefined, before: search.before };
}

function query(params: Record<string, string | undefined>) {
  const entries = Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]));
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : "";
}

export default async function TokenPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<Search>;
}) {
  const { slug, id } = await params;
  const access = await viewerAccess(slug);
  if (!access.ok) {
    if (access.reason === "signed_out") redirect("/login");
    notFound();
  }
  const { workspace, role, user } = access.context;
  const token = await tokenDetail(workspace.id, id);
  // Admins see every token; anyone else only their own personal ones. Another's looks like no token at all.
  if (!token || (!hasRole(role, "admin") && token.ownerId !== user.id)) notFound();
  const filter = filters(await searchParams);
  const [days, page, rules] = await Promise.all([
    dailyUsage(workspace.id, token.id),
    recentRequests(workspace.id, token.id, filter),
    tokenRules(workspace.id),
  ]);
  const own = token.ownerId === user.id;
  const list = `/w/${slug}/settings/developers?env=${token.environment}`;
  const expires = token.expiresAt ? new Date(token.expiresAt) : null;
  return (
    <div className="space-y-8">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={list} className="font-medium text-brand-700 hover:underline">
          ← API tokens
        </Link>
      </nav>
      <section aria-labelledby="token-heading" className="space-y-4">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0 space-y-1">
            <div className="flex flex-wrap items-center gap-2">
              <h2 id="token-heading" className="text-lg font-semibold [overflow-wrap:anywhere]">
                {token.name}
              </h2>
              <Badge tone={token.environment === "test" ? "warning" : "info"}>{token.environment === "test" ? "Test" : "Live"}</Badge>
              {token.ownerId && <Badge>Personal</Badge>}
            </div>
            {token.description && <p className="text-sm text-slate-600 [overflow-wrap:anywhere]">{token.description}</p>}
            <code className="inline-block rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700" data-testid="masked-token">
              {token.masked}
            </code>
          </div>
          <TokenActions slug={slug} token={token} maxDays={rules.maxDays} own={own} editable={hasRole(role, "admin") && !token.ownerId} />
        </div>
        <dl className="grid gap-x-6 gap-y-3 rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-3">
          <div>
            <dt className="text-xs text-slate-600">Scopes</dt>
            <dd className="mt-1 flex flex-wrap gap-1">
              {token.scopes.map((s) => (
                <code key={s} className="rounded bg-brand-50 px-1.5 py-0.5 font-mono text-xs text-brand-700">
                  {s}
                </code>
              ))}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">Created by</dt>
            <dd className="mt-1">
              {token.createdBy ? token.createdBy.name : "Removed user"}
              {token.createdBy && !token.createdBy.active && (
                <span className="text-slate-600"> ({token.createdBy.removed ? "removed" : "deactivated"})</span>
              )}
              <span className="block text-xs text-slate-600">
                <RelativeTime iso={token.createdAt} />
              </span>
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">Expires</dt>
            <dd className="mt-1">
              {expires ? (
                <>
                  <time dateTime={token.expiresAt!} suppressHydrationWarning>
                    {calendarDate(expires)}
                  </time>
                  <span className="block text-xs text-slate-600">
                    <RelativeTime iso={token.expiresAt} />
                  </span>
                </>
              ) : (
                "Never"
              )}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">Last used</dt>
            <dd className="mt-1">
              <RelativeTime iso={token.lastUsedAt} fallback="Never used" />
              {token.lastUsedIp && <span className="block font-mono text-xs text-slate-700">{token.lastUsedIp}</span>}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">Allowed addresses</dt>
            <dd className="mt-1 font-mono text-xs [overflow-wrap:anywhere]">
              {token.ipAllowlist.length ? token.ipAllowlist.join(", ") : "Any"}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">Rate limit</dt>
            <dd className="mt-1">
              {token.rateLimitPerMinute === null
                ? "Workspace default"
                : `${token.rateLimitPerMinute.toLocaleString("en-US")} requests per minute`}
            </dd>
          </div>
          <div className="sm:col-span-2 lg:col-span-3">
            <dt className="text-xs text-slate-600">Reaches</dt>
            <dd className="mt-1">
              {token.access.all ? (
                describeAccess(token.access)
              ) : (
                <ul className="space-y-1" aria-label="Resources it reaches">
                  {token.devices.map((d) => (
                    <li key={d.id}>
                      Device <span className="font-mono text-xs">{d.serial}</span> · {d.name}
                    </li>
                  ))}
                  {token.groups.map((g) => (
                    <li key={g.id}>Group · {g.name} (and its devices)</li>
                  ))}
                  {token.sites.map((s) => (
                    <li key={s.id}>Site · {s.name} (and its devices)</li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="usage-heading" className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-slate-200">
        <h2 id="usage-heading" className="text-base font-semibold">
          Requests per day
        </h2>
        <UsageChart days={days} />
      </section>

      <section aria-labelledby="requests-heading" className="space-y-3">
        <h2 id="requests-heading" className="text-base font-semibold">
          Recent requests
        </h2>
        {/* Keyed by the filters: after "Clear filters" (a client navigation) the inputs show the new values, not the ones typed before. */}
        <form key={JSON.stringify(filter)} className="flex flex-wrap items-end gap-3" aria-label="Filter requests">
          <label className="text-sm">
            <span className="block text-xs text-slate-600">Status</span>
            <select name="status" defaultValue={filter.status ?? ""} className={`${inputClass} py-1`}>
              <option value="">Any</option>
              {STATUS_CLASSES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="block text-xs text-slate-600">Endpoint</span>
            <select name="route" defaultValue={filter.route ?? ""} className={`${inputClass} py-1`}>
              <option value="">Any</option>
              {ROUTES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="block text-xs text-slate-600">Address</span>
            <input name="ip" defaultValue={filter.ip ?? ""} placeholder="e.g. 203.0.113.9" className={`${inputClass} py-1 font-mono`} />
          </label>
          <label className="text-sm">
            <span className="block text-xs text-slate-600">Request id</span>
            <input
              name="request_id"
              defaultValue={filter.requestId ?? ""}
              placeholder="X-Request-Id"
              maxLength={128}
              className={`${inputClass} py-1 font-mono`}
            />
          </label>
          <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
            Filter
          </button>
          {(filter.status || filter.route || filter.ip || filter.requestId) && (
            <Link href="?" className="text-sm font-medium text-brand-700 hover:underline">
              Clear filters
            </Link>
          )}
        </form>
        {page.requests.length === 0 ? (
          <p className="rounded-xl bg-white px-4 py-6 text-sm text-slate-600 ring-1 ring-slate-200">
            {filter.status || filter.route || filter.ip || filter.requestId || filter.before
              ? "No requests match these filters."
              : "This token has not been used yet."}
          </p>
        ) : (
          <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-slate-200">
            <table className="w-full min-w-[56rem] text-left text-sm" aria-label="Recent requests">
              <thead className="bg-slate-50 text-xs text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Time
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Request
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Status
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Error code
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Address
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    Time taken
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Request id
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.requests.map((r) => (
                  <tr key={r.id}>
                    <td className="whitespace-nowrap px-3 py-1.5">
                      <time dateTime={r.at} suppressHydrationWarning>
                        {exactTime(new Date(r.at))}
                      </time>
                      <span className="block text-xs text-slate-600">
                        <RelativeTime iso={r.at} />
                      </span>
                    </td>
                    <td className="px-3 py-1.5 font-mono text-xs">{`${r.method} ${r.route}`}</td>
                    <td className="px-3 py-1.5">
                      <Badge tone={r.status < 400 ? "success" : r.status < 500 ? "warning" : "danger"}>{r.status}</Badge>
                    </td>
                    <td className="px-3 py-1.5 font-mono text-xs">
                      {r.code ? (
                        <a href={`/docs/api#error-${r.code}`} className="text-brand-700 hover:underline">
                          {r.code}
                        </a>
                      ) : (
                        <span className="text-slate-600">—</span>
                      )}
                    </td>
                    <td className="px-3 py-1.5 font-mono text-xs">{r.ip}</td>
                    <td className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums">{r.latencyMs} ms</td>
                    <td className="px-3 py-1.5">
                      <div className="flex flex-col items-start gap-1">
                        <code className="w-[16.5rem] select-all break-all font-mono text-xs text-slate-700">{r.requestId}</code>
                        <CopyButton value={r.requestId} label="Copy id" className="h-7 shrink-0 px-2 text-xs" />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {page.next && (
          <Link
            href={query({ status: filter.status, route: filter.route, ip: filter.ip, request_id: filter.requestId, before: page.next })}
            className="inline-block rounded-md px-3 py-1 text-sm ring-1 ring-slate-300"
          >
            Older requests
          </Link>
        )}
      </section>
    </div>
  );
}
