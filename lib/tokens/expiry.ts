import { addDays, addYears } from "date-fns";

export const EXPIRY_CHOICES = ["7d", "30d", "90d", "1y", "custom", "never"] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

export const EXPIRY_LABELS: Record<ExpiryChoice, string> = {
  "7d": "7 days",
  "30d": "30 days",
  "90d": "90 days",
  "1y": "1 year",
  custom: "Custom date",
  never: "No expiry",
};

export const DEFAULT_EXPIRY: ExpiryChoice = "90d";
/** A custom expiry further out than this is almost certainly a typo. */
const MAX_CUSTOM_EXPIRY_YEARS = 5;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses `YYYY-MM-DD` as the end of that day in UTC; null when it is not a real date. */
export function parseCustomDate(value: string): Date | null {
  if (!ISO_DATE.test(value)) return null;
  const date = new Date(`${value}T23:59:59.999Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return null;
  return date;
}

export function customDateProblem(value: string | undefined, now = new Date()): string | null {
  if (!value) return "Pick a date";
  const date = parseCustomDate(value);
  if (!date) return "Enter a real date (YYYY-MM-DD)";
  if (date.getTime() <= now.getTime()) return "Pick a date in the future";
  if (date.getTime() > addYears(now, MAX_CUSTOM_EXPIRY_YEARS).getTime()) return `Pick a date within ${MAX_CUSTOM_EXPIRY_YEARS} years`;
  return null;
}

export function expiresAt(choice: ExpiryChoice, customDate: string | undefined, now = new Date()): Date | null {
  switch (choice) {
    case "7d":
      return addDays(now, 7);
    case "30d":
      return addDays(now, 30);
    case "90d":
      return addDays(now, 90);
    case "1y":
      return addYears(now, 1);
    case "never":
      return null;
    case "custom": {
      const date = customDate ? parseCustomDate(customDate) : null;
      if (!date) throw new Error("custom expiry without a valid date");
      return date;
    }
  }
}

/**
 * The choice that gives a regenerated token the lifetime its current value
 * had: "No expiry" stays so, a 30-day token gets 30 days again. A lifetime
 * that matches no preset (a custom date) falls back to the default.
 */
export function expiryChoiceFor(issuedAt: Date, expires: Date | null): ExpiryChoice {
  if (!expires) return "never";
  const now = issuedAt;
  const lifetime = expires.getTime() - issuedAt.getTime();
  const day = 24 * 60 * 60 * 1000;
  for (const choice of ["7d", "30d", "90d", "1y"] as const) {
    const preset = (expiresAt(choice, undefined, now) as Date).getTime() - now.getTime();
    if (Math.abs(preset - lifetime) < day) return choice;
  }
  return DEFAULT_EXPIRY;
}

/** Tokens this close to their expiry are highlighted. */
export const EXPIRING_SOON_DAYS = 7;

export function isExpiringSoon(expires: Date, now = new Date()): boolean {
  const left = daysLeft(expires, now);
  return left !== null && left <= EXPIRING_SOON_DAYS;
}

/** Whole days left until `expires`, rounded up (1 on its last day), or null when it has passed. */
export function daysLeft(expires: Date, now = new Date()): number | null {
  const ms = expires.getTime() - now.getTime();
  if (ms <= 0) return null;
  return Math.ceil(ms / (24 * 60 * 60 * 1000));
}
