import { differenceInSeconds, format, formatDistanceStrict } from "date-fns";

/**
 * The one wording for times in the product, so a badge, a list and a dialog
 * never disagree ("Expires in 1 day" next to "in 6 hours"; "90 days" next to
 * "3 months"; "0 seconds ago"). One unit per range, rounded to the nearest:
 * seconds read as "just now", then minutes, hours, days up to a year (so the
 * "90 days" expiry reads "in 90 days"), then years.
 */
export function relativeTime(date: Date, now = new Date()): string {
  const seconds = differenceInSeconds(date, now);
  const abs = Math.abs(seconds);
  if (abs < 60) return seconds > 0 ? "in less than a minute" : "just now";
  // The unit follows the rounded amount, so 59.9 minutes reads "1 hour", not "60 minutes".
  const unit =
    Math.round(abs / 60) < 60 ? "minute" : Math.round(abs / 3600) < 24 ? "hour" : Math.round(abs / 86_400) < 365 ? "day" : "year";
  return formatDistanceStrict(date, now, { addSuffix: true, unit, roundingMethod: "round" });
}

/** The exact moment, for hover and focus: "1 Mar 2027, 14:05 UTC" style, in the reader's time zone. */
export function exactTime(date: Date): string {
  return format(date, "d MMM yyyy, HH:mm (O)");
}

/** A calendar date without time: "1 Mar 2027". */
export function calendarDate(date: Date): string {
  return format(date, "d MMM yyyy");
}
