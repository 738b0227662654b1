"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DailyUsage } from "@/lib/usage/queries";

const short = (day: string) => {
  const [, month, date] = day.split("-");
  return `${Number(date)}/${Number(month)}`;
};

/**
 * Requests per day for 30 days, successes and failures stacked. The chart is
 * a picture for sighted users (aria-hidden); the same numbers are in the
 * table below it, which screen readers and anyone who wants figures use.
 */
export function UsageChart({ days }: { days: DailyUsage[] }) {
  const total = days.reduce((n, d) => n + d.success + d.failure, 0);
  const failures = days.reduce((n, d) => n + d.failure, 0);
  return (
    <figure className="space-y-3" aria-labelledby="usage-caption">
      <figcaption id="usage-caption" className="text-sm text-slate-600">
        {total === 0
          ? "No requests in the last 30 days."
          : `${total.toLocaleString("en-US")} requests in the last 30 days, ${failures.toLocaleString("en-US")} of them refused or failed.`}
      </figcaption>
      <div className="h-56 w-full" aria-hidden data-testid="usage-chart">
        <ResponsiveContainer width="100%" height="100%">
          {/* No keyboard layer: the picture is hidden from assistive technology, and the table below carries the numbers. */}
          <BarChart
            accessibilityLayer={false}
            data={days.map((d) => ({ ...d, label: short(d.day) }))}
            margin={{ top: 4, right: 8, bottom: 0, left: -16 }}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#475569" }} interval="preserveStartEnd" minTickGap={16} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#475569" }} />
            <Tooltip cursor={{ fill: "#f1f5f9" }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="success" name="Succeeded" stackId="requests" fill="#4f46e5" isAnimationActive={false} />
            <Bar dataKey="failure" name="Refused or failed" stackId="requests" fill="#dc2626" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium text-brand-700">Show as a table</summary>
        <div className="mt-2 max-h-72 overflow-auto rounded-lg ring-1 ring-slate-200">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Requests per day, last 30 days</caption>
            <thead className="bg-slate-50 text-xs text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Day (UTC)
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Succeeded
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Refused or failed
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {days.map((d) => (
                <tr key={d.day}>
                  <th scope="row" className="px-3 py-1.5 font-normal">
                    {d.day}
                  </th>
                  <td className="px-3 py-1.5 text-right tabular-nums">{d.success}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{d.failure}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
