import { z } from "zod";

/**
 * A workspace has two environments. Live is the real thing; Test is a
 * sandbox copy of the workspace's devices, groups and sites (each test row
 * names its live original in `sourceId`) that test tokens read and write
 * and live tokens never see, nor test tokens the live data.
 */
export const ENVIRONMENTS = ["live", "test"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
export const environmentSchema = z.enum(ENVIRONMENTS, { error: "Choose Live or Test" });

export const ENVIRONMENT_LABELS: Record<Environment, string> = { live: "Live", test: "Test" };

/** Anything else (an old cookie, a hand-edited URL) reads as live, the environment that always exists. */
export function asEnvironment(value: unknown): Environment {
  return value === "test" ? "test" : "live";
}

/** Remembers, per workspace, which environment the Developers tab last showed in this browser (a preference, not a permission). */
export function environmentCookie(slug: string) {
  return `tg_env_${slug}`;
}
