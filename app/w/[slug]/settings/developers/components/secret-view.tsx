"use client";

import { Tabs } from "radix-ui";
import { useEffect, useRef } from "react";
import { CopyButton } from "@/components/copy-button";
import { EXAMPLE_LANGUAGE_LABELS, EXAMPLE_LANGUAGES, exampleCode, exampleRequests, SHELL_SETUP, TOKEN_ENV } from "@/lib/tokens/examples";
import type { IssuedToken } from "@/lib/tokens/service";
import { messages } from "../messages";

/** The one place a token's value is ever shown. */
export function SecretView({ issued, onCopied }: { issued: IssuedToken; onCopied: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const requests = exampleRequests(issued.scopes);
  return (
    <div className="space-y-5">
      <div role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
        {messages.shownOnce}
      </div>
      <div className="space-y-1.5">
        <label htmlFor="token-value" className="block text-sm font-medium">
          Token for “{issued.name}”
        </label>
        <div className="flex gap-2">
          <input
            ref={input}
            id="token-value"
            readOnly
            value={issued.plaintext}
            onFocus={(e) => e.currentTarget.select()}
            onCopy={onCopied}
            className="block w-full rounded-md bg-slate-50 px-3 py-2 font-mono text-sm ring-1 ring-inset ring-slate-300"
            spellCheck={false}
            autoComplete="off"
            data-testid="token-value"
          />
          <CopyButton value={issued.plaintext} onCopied={onCopied} />
        </div>
      </div>
      <section aria-labelledby="examples-heading" className="space-y-3">
        <h3 id="examples-heading" className="text-sm font-medium">
          Try it
        </h3>
        <p className="text-xs text-slate-600">
          The examples read the token from the <code className="font-mono">{TOKEN_ENV}</code> environment variable, so the value never lands
          in your shell history or your code. The API also accepts it as an <code className="font-mono">x-api-key</code> header.
        </p>
        <ol className="space-y-2 text-sm" aria-label="Set the variable">
          <li className="space-y-1.5">
            <div className="flex items-center justify-between gap-2">
              <span>
                <span className="font-medium">1.</span> In a terminal, run this on its own:
              </span>
              <CopyButton value={SHELL_SETUP} label="Copy command" className="shrink-0 whitespace-nowrap" />
            </div>
            <pre
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard to scroll a long line sideways (WCAG scrollable-region-focusable)
              tabIndex={0}
              data-testid="setup-command"
              className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500"
            >
              {SHELL_SETUP}
            </pre>
          </li>
          <li>
            <span className="font-medium">2.</span> Copy the token above, paste it and press Enter. Nothing is shown while you paste.
          </li>
          <li>
            <span className="font-medium">3.</span> Call the API:
          </li>
        </ol>
        <Tabs.Root defaultValue="curl">
          <Tabs.List aria-label="Example language" className="flex gap-1 border-b border-slate-200">
            {EXAMPLE_LANGUAGES.map((language) => (
              <Tabs.Trigger
                key={language}
                value={language}
                className="-mb-px border-b-2 border-transparent px-3 py-1.5 text-sm text-slate-600 data-[state=active]:border-brand-600 data-[state=active]:font-medium data-[state=active]:text-brand-700"
              >
                {EXAMPLE_LANGUAGE_LABELS[language]}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          {EXAMPLE_LANGUAGES.map((language) => (
            <Tabs.Content key={language} value={language} className="space-y-4 pt-3">
              {requests.map((request) => (
                <Example key={request.path} title={request.purpose} code={exampleCode(language, origin, request)} />
              ))}
            </Tabs.Content>
          ))}
        </Tabs.Root>
      </section>
    </div>
  );
}

function Example({ title, code }: { title: string; code: string }) {
  return (
    <figure className="space-y-1.5">
      <figcaption className="flex items-center justify-between gap-2 text-sm">
        <span>{title}</span>
        <CopyButton value={code} label="Copy example" className="shrink-0 whitespace-nowrap" />
      </figcaption>
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard to scroll a long line sideways (WCAG scrollable-region-focusable)
        tabIndex={0}
        data-testid="example"
        className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        {code}
      </pre>
    </figure>
  );
}
