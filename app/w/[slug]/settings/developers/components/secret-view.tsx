"use client";

import { useEffect, useRef } from "react";
import { CopyButton } from "@/components/copy-button";
import type { IssuedToken } from "@/lib/tokens/service";
import { messages } from "../messages";

/** The one place a token's value is ever shown. */
export function SecretView({ issued, onCopied }: { issued: IssuedToken; onCopied: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  // The value is read into the environment once (not typed into a command, so not into shell history);
  // both calls reach GET /api/v1/token, which every token may call.
  const setup = "read -rs TOLLGATE_TOKEN && export TOLLGATE_TOKEN   # paste the token, then Enter";
  const bearer = `${setup}\ncurl ${origin}/api/v1/token \\\n  -H "Authorization: Bearer $TOLLGATE_TOKEN"`;
  const apiKey = `curl ${origin}/api/v1/token \\\n  -H "x-api-key: $TOLLGATE_TOKEN"`;
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
      <Example title="Authorization: Bearer" code={bearer} />
      <Example title="x-api-key" code={apiKey} />
    </div>
  );
}

function Example({ title, code }: { title: string; code: string }) {
  return (
    <figure className="space-y-1.5">
      <figcaption className="flex items-center justify-between text-sm font-medium">
        <span>
          Example with <code className="font-mono text-xs">{title}</code>
        </span>
        <CopyButton value={code} label="Copy command" />
      </figcaption>
      <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100">{code}</pre>
    </figure>
  );
}
