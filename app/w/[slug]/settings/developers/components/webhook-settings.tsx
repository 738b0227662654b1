"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { CopyButton } from "@/components/copy-button";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import type { DeliveryView } from "@/lib/webhooks/deliveries";
import { removeWebhookAction, rollWebhookSecretAction, setWebhookAction } from "../actions";

const STATUS_TONE = { delivered: "success", pending: "warning", failed: "danger" } as const;

/**
 * One outgoing webhook per workspace: where token events go (expiring,
 * expired, created, regenerated, deleted, reported as leaked), the signing
 * secret (shown when it is made, then never again), and the delivery log.
 */
export function WebhookSettings({ slug, url, deliveries }: { slug: string; url: string | null; deliveries: DeliveryView[] }) {
  const [value, setValue] = useState(url ?? "");
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const save = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    startTransition(async () => {
      const result = await setWebhookAction(slug, { url: value.trim() });
      if (!result.ok) return setError(result.fieldErrors?.url?.[0] ?? result.error);
      if (result.data.secret) setSecret(result.data.secret);
      toast.success("Webhook saved. Token events now go to it.");
    });
  };
  return (
    <section aria-labelledby="webhook-heading" className="space-y-3">
      <div className="max-w-2xl">
        <h2 id="webhook-heading" className="text-base font-semibold">
          Webhook
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Send token events (expiring within 7 days, expired, created, regenerated, deleted, reported as leaked) to your chat or mail
          tooling. Each request is signed with HMAC-SHA-256 in the <code className="font-mono text-xs">Tollgate-Signature</code> header and
          retried with backoff until it gets a 2xx answer.
        </p>
      </div>
      <form onSubmit={save} noValidate className="flex flex-wrap items-end gap-2 rounded-xl bg-white p-4 ring-1 ring-slate-200">
        <div className="min-w-64 flex-1">
          <Field id="webhook-url" label="Endpoint URL" hint="HTTPS only." error={error ?? undefined}>
            <input
              id="webhook-url"
              type="url"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              placeholder="https://hooks.example.com/tollgate"
              className={inputClass}
              aria-invalid={Boolean(error) || undefined}
              aria-describedby={describedBy("webhook-url", { hint: true, error })}
            />
          </Field>
        </div>
        <Button type="submit" pending={pending}>
          {url ? "Save URL" : "Add webhook"}
        </Button>
        {url && (
          <>
            <Button
              type="button"
              variant="secondary"
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await rollWebhookSecretAction(slug, {});
                  if (!result.ok) return void toast.error(result.error);
                  setSecret(result.data.secret);
                  toast.success("New signing secret: the old one no longer signs.");
                })
              }
            >
              Roll signing secret
            </Button>
            <Button
              type="button"
              variant="secondary"
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await removeWebhookAction(slug, {});
                  if (!result.ok) return void toast.error(result.error);
                  setValue("");
                  setSecret(null);
                  toast.success("Webhook removed. Undelivered events were dropped.");
                })
              }
            >
              Remove
            </Button>
          </>
        )}
      </form>
      {secret && (
        <div role="status" className="space-y-2 rounded-xl bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200">
          <p className="font-medium">Signing secret: copy it into your receiver now. It will not be shown again.</p>
          <div className="flex flex-wrap items-center gap-2">
            <code className="min-w-0 flex-1 font-mono text-xs [overflow-wrap:anywhere]" data-testid="webhook-secret">
              {secret}
            </code>
            <CopyButton value={secret} label="Copy secret" />
          </div>
        </div>
      )}
      {url && (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold">Recent deliveries</h3>
          {deliveries.length === 0 ? (
            <p className="text-sm text-slate-600">No events yet. They appear here as tokens change or near expiry.</p>
          ) : (
            <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-slate-200">
              <table className="w-full min-w-[36rem] text-left text-sm" aria-label="Webhook deliveries">
                <thead className="bg-slate-50 text-xs text-slate-600">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-medium">
                      Event
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      Status
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      Attempts
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      Last answer
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      Queued
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {deliveries.map((d) => (
                    <tr key={d.id}>
                      <td className="px-3 py-1.5 font-mono text-xs">{d.event}</td>
                      <td className="px-3 py-1.5">
                        <Badge tone={STATUS_TONE[d.status as keyof typeof STATUS_TONE] ?? "warning"}>{d.status}</Badge>
                      </td>
                      <td className="px-3 py-1.5 tabular-nums">{d.attempts}</td>
                      <td className="px-3 py-1.5 text-xs text-slate-700">
                        {d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : "—")}
                      </td>
                      <td className="px-3 py-1.5 text-xs">
                        <RelativeTime iso={d.createdAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
