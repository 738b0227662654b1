import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { CopyButton } from "@/components/copy-button";
import { Logo } from "@/components/logo";
import { OPERATIONS } from "@/lib/api/operations";
import { SCOPE_GROUPS } from "@/lib/scopes";
import { TOKEN_PATTERN } from "@/lib/tokens/format";
import { API_ERRORS } from "@/lib/api/errors";
import { WEBHOOK_EVENT_SUMMARIES, WEBHOOK_EVENTS } from "@/lib/webhooks/events";
import { headers } from "next/headers";
import { requestOrigin } from "@/lib/http/client";
import { ERROR_EXAMPLE, examples, operationExamples, PAGE_EXAMPLE, PAGINATION } from "./content";

// Sorted by status, as integrators look them up.
const ERRORS = Object.entries(API_ERRORS)
  .map(([code, e]) => ({ code, ...e }))
  .sort((a, b) => a.status - b.status);

export const metadata: Metadata = { title: "API documentation" };

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="mt-12 scroll-mt-6">
      <h2 id={`${id}-title`} className="text-xl font-semibold text-slate-900">
        {title}
      </h2>
      <div className="mt-3 space-y-3 text-sm leading-6 text-slate-700">{children}</div>
    </section>
  );
}

/** A code block with its label and Copy button above it (never over the code), scrollable by keyboard. */
function Code({ children, label }: { children: string; label?: string }) {
  return (
    <div className="space-y-1">
      <div className="flex items-end justify-between gap-2">
        <p className="text-xs font-medium uppercase tracking-wide text-slate-600">{label ?? ""}</p>
        <CopyButton value={children} label={label ? `Copy ${label}` : "Copy"} />
      </div>
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard to scroll it sideways (WCAG scrollable-region-focusable)
        tabIndex={0}
        className="overflow-x-auto rounded-lg bg-slate-900 p-4 font-mono text-xs leading-5 text-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        <code>{children}</code>
      </pre>
    </div>
  );
}

const mono = "rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8em] text-slate-800";

export default async function ApiDocs() {
  const origin = requestOrigin(await headers()) ?? "https://tollgate.example.com";
  return (
    <main className="mx-auto max-w-3xl px-6 py-10">
      <Link href="/" className="inline-block">
        <Logo />
      </Link>
      <h1 className="mt-8 text-3xl font-semibold tracking-tight text-slate-900">Tollgate API</h1>
      <p className="mt-3 text-slate-600">
        Read and rename your workspace&apos;s devices, groups and sites, and read its token audit log, with an API token created under
        Settings → Developers. The machine-readable description is{" "}
        <a href="/api/v1/openapi.json" className="font-medium text-brand-700 hover:underline">
          /api/v1/openapi.json
        </a>{" "}
        (OpenAPI 3.1).
      </p>
      <nav aria-label="On this page" className="mt-6 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {["authentication", "scopes", "endpoints", "pagination", "sync", "rate-limits", "errors", "webhooks", "examples"].map((id) => (
          <a key={id} href={`#${id}`} className="capitalize text-brand-700 hover:underline">
            {id.replace("-", " ")}
          </a>
        ))}
      </nav>

      <Section id="authentication" title="Authentication">
        <p>
          Send the token in either header; both mean the same. Sending both with different values is refused with{" "}
          <code className={mono}>400 invalid_request</code>. Tokens in the URL are never read: they end up in logs.
        </p>
        <Code>{`Authorization: Bearer tg_live_…\nx-api-key: tg_live_…`}</Code>
        <p>
          A token is <code className={mono}>tg_live_</code> (or <code className={mono}>tg_test_</code> for the sandbox) followed by 33
          letters and digits (27 random, then a 6-character checksum), matching <code className={mono}>{TOKEN_PATTERN.source}</code>. The
          fixed prefix lets secret scanners spot a leaked token; the checksum catches a token that was not copied whole. Tollgate stores
          only a hash: a lost token cannot be shown again, only regenerated. Call <code className={mono}>GET /api/v1/token</code> to see
          what a token is and what it can reach; it needs no scope. The API is served over HTTPS only.
        </p>
      </Section>

      <Section id="scopes" title="Scopes">
        <p>
          Each endpoint needs one scope. A token can also be limited to chosen devices, groups and sites: it then sees the chosen devices,
          every device in a chosen group or site, and only the chosen groups and sites.
        </p>
        <table className="w-full border-collapse text-left">
          <thead>
            <tr className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
              <th className="py-2 pr-4 font-medium">Scope</th>
              <th className="py-2 font-medium">Allows</th>
            </tr>
          </thead>
          {SCOPE_GROUPS.map((group) => (
            <tbody key={group.resource}>
              <tr>
                <th colSpan={2} className="pt-4 pb-1 text-left text-sm font-semibold text-slate-900">
                  {group.label}
                </th>
              </tr>
              {group.scopes.map((scope) => (
                <tr key={scope.id} className="border-b border-slate-100">
                  <td className="py-2 pr-4 align-top">
                    <code className={mono}>{scope.id}</code>
                  </td>
                  <td className="py-2">{scope.description}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </Section>

      <Section id="endpoints" title="Endpoints">
        <ul className="divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200">
          {OPERATIONS.map((op) => (
            <li key={`${op.method} ${op.path}`} id={op.id}>
              <details className="group">
                <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 hover:bg-slate-50">
                  <span className="w-14 font-mono text-xs font-semibold text-slate-600 uppercase">{op.method}</span>
                  <code className="font-mono text-xs text-slate-900">{op.path}</code>
                  <span className="text-xs text-slate-600">{op.summary}</span>
                  <span className="ml-auto text-xs text-slate-600">{op.scope ?? "no scope"}</span>
                </summary>
                <div className="space-y-3 px-4 pb-4">
                  {operationExamples(op, origin).map((example) => (
                    <Code key={example.label} label={example.label}>
                      {example.code}
                    </Code>
                  ))}
                </div>
              </details>
            </li>
          ))}
        </ul>
        <p>
          Every path answers <code className={mono}>OPTIONS</code> with the methods it takes in <code className={mono}>Allow</code>,{" "}
          <code className={mono}>HEAD</code> like <code className={mono}>GET</code>, and any other method with{" "}
          <code className={mono}>405 method_not_allowed</code>. Query parameters an operation does not take are refused with a 400 naming
          them, so a misspelt filter never silently returns everything.
        </p>
        <p>
          Single resources carry an <code className={mono}>ETag</code>. Send it back as <code className={mono}>If-None-Match</code> to get a
          304 when nothing changed, and as <code className={mono}>If-Match</code> on a PATCH so that a rename only happens if nobody changed
          the resource since you read it (otherwise <code className={mono}>412 precondition_failed</code>, with the current ETag).{" "}
          <code className={mono}>If-None-Match</code> on a PATCH is a 412 when it matches (<code className={mono}>*</code> always does: a
          rename changes only what exists).
        </p>
        <p>
          PATCH bodies are JSON (<code className={mono}>Content-Type: application/json</code>, at most 16 KB) with one field,{" "}
          <code className={mono}>name</code>: trimmed, 1–64 letters, digits, spaces and simple punctuation. Another media type is{" "}
          <code className={mono}>415 unsupported_media_type</code> with <code className={mono}>Accept-Patch: application/json</code>; a
          larger body <code className={mono}>413 content_too_large</code>. Names are labels, not keys: two sites may share one; ids and
          serial numbers identify.
        </p>
      </Section>

      <Section id="pagination" title="Pagination">
        <p>
          Lists return <code className={mono}>{`{"data": [...], "next_cursor": ...}`}</code>. Pass <code className={mono}>?limit=</code>{" "}
          from 1 to {PAGINATION.maxLimit} (default {PAGINATION.defaultLimit}) and send <code className={mono}>next_cursor</code> back as{" "}
          <code className={mono}>?cursor=</code> until it is <code className={mono}>null</code>. Cursors are opaque; an altered one is
          refused with a 400. Devices come in serial order, groups and sites by id, audit events newest first.
        </p>
        <Code>{PAGE_EXAMPLE}</Code>
      </Section>

      <Section id="sync" title="Incremental sync">
        <p>
          Devices, groups and sites carry <code className={mono}>updated_at</code> (when they last changed) and{" "}
          <code className={mono}>environment</code> (<code className={mono}>live</code> or <code className={mono}>test</code>). Their lists
          take <code className={mono}>?updated_since=</code>, an RFC 3339 time with a zone: only what changed at or after it comes back, in
          the usual order and pages. Keep the <code className={mono}>Date</code> header of the first response of a walk, less a minute for
          writes still committing, and pass it next time: an item may come twice, but none is missed (your own clock may differ from ours).
          The filter is part of the cursor: a cursor is refused with a different <code className={mono}>updated_since</code>. Deletions are
          not reported this way, and a sandbox reset marks every sandbox row as changed.
        </p>
        <Code>{`curl -H "Authorization: Bearer $TOLLGATE_TOKEN" \\
  "${origin}/api/v1/devices?updated_since=2026-12-01T00:00:00Z"`}</Code>
      </Section>

      <Section id="environments" title="Test and live">
        <p>
          Every workspace has a live and a test environment. A <code className={mono}>tg_test_</code> token reads and writes only a sandbox
          copy of the workspace&rsquo;s devices, groups and sites; a <code className={mono}>tg_live_</code> token never sees the sandbox.
          The same requests work with either, so an integration can be built against test and switched to live by changing the token.{" "}
          <code className={mono}>GET /api/v1/token</code> reports the <code className={mono}>environment</code>. Admins can reset the
          sandbox to a copy of live data from the Developers tab.
        </p>
      </Section>

      <Section id="rate-limits" title="Rate limits">
        <p>
          Each token may make 1,000 requests per minute (the default; an operator may change it) unless it was created with its own limit,
          counted across every Tollgate server. Every response to a token carries the IETF draft&rsquo;s structured fields:{" "}
          <code className={mono}>RateLimit-Policy</code> names the quota (<code className={mono}>q</code> requests per{" "}
          <code className={mono}>w</code> seconds) and <code className={mono}>RateLimit</code> what is left (<code className={mono}>r</code>
          ) and the seconds until it resets (<code className={mono}>t</code>). Past the limit you get{" "}
          <code className={mono}>429 rate_limited</code> with <code className={mono}>Retry-After</code>; wait that long and retry.
        </p>
        <p>
          Failed authentications are counted per client address too (policy <code className={mono}>auth_failures</code>, on each 401 or 400
          that counted and on its 429), so a client can tell its own mistakes from the token&rsquo;s quota. The older{" "}
          <code className={mono}>RateLimit-Limit</code>, <code className={mono}>-Remaining</code> and <code className={mono}>-Reset</code>{" "}
          headers are still sent with the token&rsquo;s policy for this release and will then be removed.
        </p>
        <Code>{`HTTP/1.1 200 OK\nRateLimit-Policy: "token";q=1000;w=60\nRateLimit: "token";r=998;t=41`}</Code>
      </Section>

      <Section id="errors" title="Errors">
        <p>
          Every error has the same JSON shape,{" "}
          <code className={mono}>{`{"error": {"code", "message", "request_id", "doc_url", "details"?}}`}</code>, and every response carries{" "}
          <code className={mono}>X-Request-Id</code> and <code className={mono}>Cache-Control: no-store</code>. Send your own{" "}
          <code className={mono}>X-Request-Id</code> (1–128 letters, digits, <code className={mono}>. _ : -</code>) and it is echoed and
          kept in the token&rsquo;s request list, so the admin can find the call you quote; otherwise the server makes one. Challenges
          follow RFC 6750: no credentials get <code className={mono}>WWW-Authenticate: Bearer realm=&quot;tollgate&quot;</code> with no
          error code; malformed, repeated or conflicting credentials get <code className={mono}>400</code> with{" "}
          <code className={mono}>error=&quot;invalid_request&quot;</code>; a bad token{" "}
          <code className={mono}>error=&quot;invalid_token&quot;</code>; a missing scope{" "}
          <code className={mono}>error=&quot;insufficient_scope&quot;</code> and the scope. Every other 403 (a workspace token on{" "}
          <code className={mono}>/api/v1/user/*</code>, an address off the allowlist, plain HTTP) carries{" "}
          <code className={mono}>error=&quot;insufficient_scope&quot;</code> with an <code className={mono}>error_description</code>.
        </p>
        <table className="w-full border-collapse text-left">
          <thead>
            <tr className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
              <th className="py-2 pr-4 font-medium">Status</th>
              <th className="py-2 pr-4 font-medium">Code</th>
              <th className="py-2 font-medium">When</th>
            </tr>
          </thead>
          <tbody>
            {ERRORS.map((e) => (
              <tr key={e.code} id={`error-${e.code}`} className="scroll-mt-6 border-b border-slate-100 align-top">
                <td className="py-2 pr-4 font-mono text-xs">{e.status}</td>
                <td className="py-2 pr-4">
                  <code className={mono}>{e.code}</code>
                </td>
                <td className="py-2">{e.when}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Code>{ERROR_EXAMPLE}</Code>
      </Section>

      <Section id="webhooks" title="Webhooks">
        <p>
          A workspace&rsquo;s admins can set a webhook URL under Settings → Developers. Each event is a signed JSON POST: verify{" "}
          <code className={mono}>Tollgate-Signature</code> (
          <code className={mono}>{'t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">'}</code>) with the workspace&rsquo;s signing
          secret, and drop repeats by <code className={mono}>Tollgate-Delivery</code> (the same on every retry). Answer 2xx within 10
          seconds; anything else is retried with back-off. The body shape is in the OpenAPI document&rsquo;s{" "}
          <code className={mono}>webhooks</code> section.
        </p>
        <ul className="list-disc space-y-1 pl-5">
          {WEBHOOK_EVENTS.map((event) => (
            <li key={event}>
              <code className={mono}>{event}</code>: {WEBHOOK_EVENT_SUMMARIES[event]}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="examples" title="Examples">
        <p>
          Keep the token in an environment variable (<code className={mono}>TOLLGATE_TOKEN</code>), never in source code. Each endpoint
          above has its own examples, including the typed TypeScript client generated from the OpenAPI document (
          <code className={mono}>clients/typescript</code>, built on <code className={mono}>openapi-fetch</code>).
        </p>
        {examples(origin).map((example) => (
          <Code key={example.id} label={example.label}>
            {example.code}
          </Code>
        ))}
      </Section>
    </main>
  );
}
