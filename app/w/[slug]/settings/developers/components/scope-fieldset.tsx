"use client";

import { Checkbox } from "@/components/ui/checkbox";
import type { Role } from "@/lib/roles";
import type { Environment } from "@/lib/environments";
import { SCOPE_GROUPS, type Scope, scopeRefusal } from "@/lib/scopes";
import { roleCapReason } from "@/lib/tokens/personal";

/** Scopes grouped by resource, each group with a tri-state "all" box. */
export function ScopeFieldset({
  value,
  onChange,
  error,
  allResources = true,
  environment = "live",
  capRole,
}: {
  value: Scope[];
  onChange: (next: Scope[]) => void;
  error?: string;
  /** Whether the token reaches all resources; some scopes need that. */
  allResources?: boolean;
  /** The token's environment; some scopes are live only. */
  environment?: Environment;
  /** A personal token: only the scopes this role allows can be chosen; the others say why. */
  capRole?: Role;
}) {
  const reason = (scope: Scope): string | null => {
    const refused = scopeRefusal(scope, { allResources, environment });
    if (refused) return refused;
    const capped = capRole ? roleCapReason(capRole, scope) : null;
    return capped ? `Not for your role (${capRole}): ${capped}.` : null;
  };
  const unavailable = (scope: Scope) => reason(scope) !== null;
  const toggle = (scope: Scope, on: boolean) => onChange(on ? [...new Set([...value, scope])] : value.filter((s) => s !== scope));
  return (
    <fieldset aria-describedby={error ? "scopes-error" : undefined}>
      <legend className="text-sm font-medium text-slate-800">Scopes</legend>
      <p className="text-xs text-slate-600">What the token is allowed to do.</p>
      <div className="mt-2 grid gap-3 sm:grid-cols-2">
        {SCOPE_GROUPS.map((group) => {
          const ids = group.scopes.map((s) => s.id as Scope).filter((id) => !unavailable(id));
          const chosen = ids.filter((id) => value.includes(id)).length;
          // A group with nothing to choose is unchecked (0 of 0 is not "all"), dimmed, and says why (its scopes' reason).
          const none = ids.length === 0;
          const all = none ? false : chosen === ids.length ? true : chosen === 0 ? false : "indeterminate";
          return (
            <fieldset
              key={group.resource}
              aria-label={group.label}
              data-unavailable={none || undefined}
              className={`rounded-lg p-3 ring-1 ring-slate-200 ${none ? "bg-slate-50" : ""}`}
            >
              <label className={`flex items-center gap-2 text-sm font-semibold ${none ? "text-slate-600" : ""}`}>
                <Checkbox
                  checked={all}
                  disabled={none}
                  aria-describedby={none ? `${group.scopes[0].id}-unavailable` : undefined}
                  onCheckedChange={(on) => onChange(on === true ? [...new Set([...value, ...ids])] : value.filter((s) => !ids.includes(s)))}
                  aria-label={`All ${group.label.toLowerCase()} scopes`}
                />
                {group.label}
              </label>
              <ul className="mt-2 space-y-1.5 pl-6">
                {group.scopes.map((scope) => (
                  <li key={scope.id}>
                    <label className="flex items-start gap-2 text-sm">
                      <Checkbox
                        className="mt-0.5"
                        checked={value.includes(scope.id)}
                        disabled={unavailable(scope.id)}
                        onCheckedChange={(on) => toggle(scope.id, on === true)}
                        aria-label={`${scope.id} — ${scope.description}`}
                        // With an error every scope box is invalid and points at the message, so focus lands on the first and it is read out.
                        aria-invalid={error && !unavailable(scope.id) ? true : undefined}
                        aria-describedby={
                          [unavailable(scope.id) ? `${scope.id}-unavailable` : null, error ? "scopes-error" : null]
                            .filter(Boolean)
                            .join(" ") || undefined
                        }
                      />
                      <span>
                        <code className="font-mono text-xs text-slate-800">{scope.id}</code>
                        <span className="block text-xs text-slate-600">{scope.description}</span>
                        {unavailable(scope.id) && (
                          <span id={`${scope.id}-unavailable`} className="block text-xs text-amber-800">
                            {reason(scope.id)}
                          </span>
                        )}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          );
        })}
      </div>
      {error && (
        <p id="scopes-error" className="mt-2 text-sm text-red-700" data-field-error>
          {error}
        </p>
      )}
    </fieldset>
  );
}
