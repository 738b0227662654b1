import { addDays } from "date-fns";
import { EXPIRY_CHOICES, type ExpiryChoice, expiresAt } from "./expiry";

/**
 * The workspace's token lifetime policy: owners choose the longest a token
 * may live. Pure rules, shared by the form (which offers only what fits) and
 * the service (which refuses what does not, whatever the form sent).
 */
export const LIFETIME_CHOICES = [null, 30, 90, 180, 366] as const;
export type MaxLifetime = (typeof LIFETIME_CHOICES)[number];

export function isLifetimeChoice(value: number | null): value is MaxLifetime {
  return (LIFETIME_CHOICES as readonly (number | null)[]).includes(value);
}

export function lifetimeLabel(days: MaxLifetime): string {
  return days === null ? "No maximum" : `${days} days`;
}

/**
 * The latest expiry the policy allows for a token issued `now`: the end of
 * the UTC day `maxDays` ahead. UTC, as custom dates are (lib/tokens/expiry.ts),
 * so the browser, the server and the date picker agree in every time zone.
 */
export function latestAllowedExpiry(maxDays: number, now = new Date()): Date {
  const day = addDays(now, maxDays);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 23, 59, 59, 999));
}

/** A stored maximum as the policy knows it: a listed value, anything else read as "no maximum" everywhere. */
export function normalizeMaxLifetime(value: number | null | undefined): MaxLifetime {
  return value != null && isLifetimeChoice(value) ? value : null;
}

/** Why `expires` breaks the policy, in words for the expiry field; null when it fits. */
export function lifetimeProblem(expires: Date | null, maxDays: number | null, now = new Date()): string | null {
  if (maxDays === null) return null;
  if (!expires) return `This workspace requires an expiry of at most ${maxDays} days. Choose an expiry date.`;
  if (expires.getTime() > latestAllowedExpiry(maxDays, now).getTime()) {
    return `This workspace allows tokens to live at most ${maxDays} days. Choose an earlier expiry.`;
  }
  return null;
}

/** The expiry choices the form offers under the policy: presets that fit, a custom date, and "No expiry" only without a maximum. */
export function allowedExpiryChoices(maxDays: number | null, now = new Date()): ExpiryChoice[] {
  return EXPIRY_CHOICES.filter((choice) => {
    if (maxDays === null || choice === "custom") return true;
    if (choice === "never") return false;
    return lifetimeProblem(expiresAt(choice, undefined, now), maxDays, now) === null;
  });
}

/** A token is out of policy when it has no expiry or expires later than a token issued now could. */
export function isOutOfPolicy(expires: Date | null, maxDays: number | null, now = new Date()): boolean {
  return lifetimeProblem(expires, maxDays, now) !== null;
}

/** `preferred` when the policy allows it, else the longest preset it allows. */
export function fitExpiryChoice(preferred: ExpiryChoice, maxDays: number | null, now = new Date()): ExpiryChoice {
  const allowed = allowedExpiryChoices(maxDays, now);
  if (allowed.includes(preferred)) return preferred;
  return allowed.filter((c) => c !== "custom").at(-1) ?? "custom";
}
