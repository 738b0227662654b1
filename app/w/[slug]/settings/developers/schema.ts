import { z } from "zod";
import { environmentSchema } from "@/lib/environments";
import { RESOURCE_KINDS } from "@/lib/resource-kinds";
import { type Scope, SCOPES, scopeRefusal, scopeSchema } from "@/lib/scopes";
import { nameSchema, UNSAFE_CHARS } from "@/lib/text";
import { customDateProblem, EXPIRY_CHOICES } from "@/lib/tokens/expiry";
import { MAX_ALLOWLIST_ENTRIES, parseAllowlist } from "@/lib/tokens/allowlist";
import { LIFETIME_CHOICES } from "@/lib/tokens/policy";
import { OVERLAP_CHOICES } from "@/lib/tokens/rotation";

export const DESCRIPTION_MAX_LENGTH = 500;

/** The allowlist as typed (one entry per line), checked and normalised by lib/tokens/allowlist.ts. */
const ipAllowlistField = z
  .string()
  .max(5000, `List at most ${MAX_ALLOWLIST_ENTRIES} addresses or ranges`)
  .default("")
  .transform((text, ctx) => {
    const parsed = parseAllowlist(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    }
    return parsed.entries;
  });

export const MAX_RATE_LIMIT = 1_000_000;

/** Requests per minute as typed: empty means the server default. */
const rateLimitField = z
  .union([z.string().trim().max(16, "Enter a whole number of requests per minute"), z.number(), z.null()])
  .default("")
  .transform((value, ctx) => {
    if (value === null || value === "") return null;
    const n =
      typeof value === "number" ? value : /^\d+$/.test(value.replace(/[,_ ]/g, "")) ? Number(value.replace(/[,_ ]/g, "")) : Number.NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_RATE_LIMIT) {
      ctx.addIssue({
        code: "custom",
        message: `Enter a whole number from 1 to ${MAX_RATE_LIMIT.toLocaleString("en-US")}, or leave it empty for the default`,
      });
      return z.NEVER;
    }
    return n;
  });

const descriptionField = z
  .string()
  .max(2000, `Use at most ${DESCRIPTION_MAX_LENGTH} characters`)
  .trim()
  .max(DESCRIPTION_MAX_LENGTH, `Use at most ${DESCRIPTION_MAX_LENGTH} characters`)
  .refine((v) => !UNSAFE_CHARS.test(v.replace(/[\n\r\t]/g, "")), "Remove control or direction-changing characters")
  .default("");

/** Shared by the create form (client) and the createToken action (server). */
const idList = (what: string) =>
  z.array(z.string().min(1).max(64), { error: `Choose ${what} from the list` }).max(500, `Select at most 500 ${what}`);

const expiryFields = {
  expiry: z.enum(EXPIRY_CHOICES, { error: "Choose when the token expires" }),
  customExpiry: z.string().max(32).optional(),
};

/**
 * Checks that read several fields run even when other fields are invalid
 * (`when`), so the form reports every problem in one pass; zod otherwise
 * skips an object's refinements until each field parses. They read the
 * input as sent, so every field they touch is checked for its type first.
 */
const always = () => true;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
type Sent = Partial<
  Record<"expiry" | "customExpiry" | "access" | "deviceIds" | "groupIds" | "siteIds" | "scopes" | "environment", unknown>
>;

function expiryProblem(input: unknown): string | null {
  const v = (input ?? {}) as Sent;
  if (v.expiry !== "custom") return null;
  return customDateProblem(typeof v.customExpiry === "string" ? v.customExpiry : undefined);
}

function scopeProblem(input: unknown): string | null {
  const v = (input ?? {}) as Sent;
  const environment = v.environment === "test" ? "test" : "live";
  const scopes = list(v.scopes).filter((scope): scope is Scope => SCOPES.includes(scope as Scope));
  return scopes.map((scope) => scopeRefusal(scope, { allResources: v.access !== "scoped", environment })).find(Boolean) ?? null;
}

function reachesNothing(input: unknown): boolean {
  const v = (input ?? {}) as Sent;
  return v.access === "scoped" && list(v.deviceIds).length + list(v.groupIds).length + list(v.siteIds).length === 0;
}

const customExpiryRule = {
  when: always,
  path: ["customExpiry"],
  error: (issue: { input?: unknown }) => expiryProblem(issue.input) ?? "Choose a date",
};

export const createTokenSchema = z
  .object({
    name: nameSchema(),
    description: descriptionField,
    ...expiryFields,
    scopes: z
      .array(scopeSchema, { error: "Choose scopes from the list" })
      .min(1, "Select at least one scope")
      .max(SCOPES.length, "Select each scope once")
      .refine((s) => new Set(s).size === s.length, "Select each scope once"),
    access: z.enum(["all", "scoped"], { error: "Choose what the token can reach" }),
    deviceIds: idList("devices").default([]),
    groupIds: idList("groups").default([]),
    siteIds: idList("sites").default([]),
    ipAllowlist: ipAllowlistField,
    environment: environmentSchema.default("live"),
    rateLimitPerMinute: rateLimitField,
  })
  .refine((value) => !expiryProblem(value), customExpiryRule)
  .refine((value) => !reachesNothing(value), { when: always, path: ["resources"], message: "Select at least one device, group or site" })
  .refine((value) => !scopeProblem(value), {
    when: always,
    path: ["scopes"],
    error: (issue) => scopeProblem(issue.input) ?? "Choose scopes from the list",
  });

export type CreateTokenInput = z.input<typeof createTokenSchema>;
export type CreateTokenValues = z.output<typeof createTokenSchema>;

export const tokenRefSchema = z.object({
  tokenId: z.string().min(1).max(64),
  version: z.number().int().min(1),
});

export const regenerateTokenSchema = tokenRefSchema
  .extend({ ...expiryFields, overlap: z.enum(OVERLAP_CHOICES, { error: "Choose when the old value stops working" }).default("now") })
  .refine((value) => !expiryProblem(value), customExpiryRule);
export type RegenerateTokenInput = z.input<typeof regenerateTokenSchema>;

export const deleteTokenSchema = tokenRefSchema;

/** What stays editable after creation: the name, the description and the IP allowlist. */
export const updateTokenSchema = tokenRefSchema.extend({
  name: nameSchema(),
  description: descriptionField,
  ipAllowlist: ipAllowlistField,
});
export type UpdateTokenInput = z.input<typeof updateTokenSchema>;
export type UpdateTokenValues = z.output<typeof updateTokenSchema>;

export const resourceSearchSchema = z.object({
  environment: environmentSchema.default("live"),
  kind: z.enum(RESOURCE_KINDS),
  query: z.string().trim().max(100).default(""),
});

export const lifetimePolicySchema = z.object({
  maxDays: z.union([z.null(), ...LIFETIME_CHOICES.filter((d) => d !== null).map((d) => z.literal(d))], {
    error: "Choose a maximum lifetime from the list",
  }),
});

/** The workspace's default requests per minute; empty: the server's default. */
export const defaultRateLimitSchema = z.strictObject({ perMinute: rateLimitField });

/** For actions that take no input. */
export const emptySchema = z.object({}).strict();

export const personalTokensSettingSchema = z.strictObject({ enabled: z.boolean() });

export const webhookSchema = z.strictObject({
  url: z.string().trim().min(1, "Enter the URL events go to").max(2048, "Keep the URL under 2,048 characters"),
});
