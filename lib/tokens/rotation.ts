import { addDays, addHours } from "date-fns";

/**
 * Rotation without downtime: when a token is regenerated, its old value may
 * keep working for a while so the places that use it can be updated one by
 * one. "now" (the default) ends it at once, as a leak demands.
 */
export const OVERLAP_CHOICES = ["now", "1h", "24h", "7d"] as const;
export type OverlapChoice = (typeof OVERLAP_CHOICES)[number];

export const OVERLAP_LABELS: Record<OverlapChoice, string> = {
  now: "Now",
  "1h": "In 1 hour",
  "24h": "In 24 hours",
  "7d": "In 7 days",
};

/** When the old value stops working, or null when it stops at once. */
export function overlapEnd(choice: OverlapChoice, now = new Date()): Date | null {
  switch (choice) {
    case "now":
      return null;
    case "1h":
      return addHours(now, 1);
    case "24h":
      return addHours(now, 24);
    case "7d":
      return addDays(now, 7);
  }
}
