import { z } from "zod";
import { ENVIRONMENTS } from "../environments";
import { TOKEN_AUDIT_ACTION_IDS } from "../audit-actions";
import { ROLES } from "../roles";
import { SCOPES } from "../scopes";
import { apiErrorCodeSchema } from "./errors";
import { NAME_MAX_LENGTH, NAME_WIRE_PATTERN, nameSchema } from "../text";

/**
 * The API's wire shapes. Handlers build their bodies against these types and
 * lib/api/openapi.ts turns the same schemas into the published document, so
 * the two cannot drift apart.
 */
const timestamp = z.string().meta({ format: "date-time", description: "ISO 8601 timestamp in UTC." });
const environment = z.enum(ENVIRONMENTS).meta({
  description: "The environment the object lives in: live data, or the workspace's test sandbox (only test tokens see it).",
});
const updatedAt = (what: string) =>
  z.string().meta({
    format: "date-time",
    description: `When ${what} last changed (ISO 8601, UTC): the field to keep for the next ?updated_since=.`,
  });

export const deviceSchema = z.object({
  serial: z.string().meta({ description: "Serial number; unique within the workspace.", examples: ["ACM-1001"] }),
  name: z.string(),
  site_id: z.string(),
  group_ids: z.array(z.string()).meta({ description: "Every group the device belongs to." }),
  environment,
  created_at: timestamp,
  updated_at: updatedAt("the device (its name or site)"),
});

export const groupSchema = z.object({
  id: z.string(),
  name: z.string(),
  device_count: z.int().nonnegative(),
  environment,
  created_at: timestamp,
  updated_at: updatedAt("the group itself (its name)"),
});

export const groupDetailSchema = groupSchema.extend({
  device_serials: z.array(z.string()).meta({ description: "Serials of all devices in the group, ascending." }),
});

export const siteSchema = z.object({
  id: z.string(),
  name: z.string(),
  device_count: z.int().nonnegative(),
  environment,
  created_at: timestamp,
  updated_at: updatedAt("the site itself (its name)"),
});

export const auditEventSchema = z.object({
  id: z.string(),
  action: z.enum(TOKEN_AUDIT_ACTION_IDS),
  token_id: z.string(),
  token_name: z.string(),
  actor_email: z.string(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  created_at: timestamp,
});

const accessSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("all") }),
  z.object({
    type: z.literal("scoped"),
    devices: z.array(z.string()).meta({ description: "Serials of devices chosen one by one." }),
    groups: z.array(z.string()).meta({ description: "Ids of chosen groups; their devices are reachable too." }),
    sites: z.array(z.string()).meta({ description: "Ids of chosen sites; their devices are reachable too." }),
  }),
]);

export const tokenInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(["workspace", "personal"]).meta({
    description:
      "workspace (tg_live_, tg_test_): acts for the workspace. personal (tg_user_): acts as one person, can do only what their role allows now, and stops when they lose access.",
  }),
  environment: z.enum(ENVIRONMENTS).meta({
    description:
      "live, or test for a sandbox token (prefix tg_test_): a test token reads and writes only the sandbox copy of the workspace's devices, groups and sites.",
  }),
  rate_limit: z.object({ requests_per_minute: z.number().int() }).meta({
    description: "The token's request limit; the RateLimit-* headers of every response say how much of it is left.",
  }),
  workspace: z.object({ id: z.string(), name: z.string() }),
  scopes: z.array(z.enum(SCOPES)),
  access: accessSchema,
  expires_at: timestamp.nullable(),
  created_at: timestamp,
  old_value_expires_at: timestamp.nullable().meta({
    description:
      "Set when the value you sent was replaced by a regeneration with an overlap: it stops working then. Switch to the new value before. null when you use the current value.",
  }),
});

export const currentUserSchema = z.object({
  user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  role: z.enum(ROLES).meta({ description: "The person's role in the workspace now; it caps what the token may do (members only read)." }),
  workspace: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  allowed_scopes: z.array(z.enum(SCOPES)).meta({ description: "The scopes of this token that the role allows now." }),
});

export const ownTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  masked: z
    .string()
    .meta({ description: "Prefix and last four characters; the value itself is never shown again.", examples: ["tg_user_8Hq2…x9Fa"] }),
  scopes: z.array(z.enum(SCOPES)),
  created_at: timestamp,
  expires_at: timestamp.nullable(),
  last_used_at: timestamp.nullable(),
});

export const revocationReportSchema = z.strictObject({
  tokens: z
    .array(z.string().max(200, "Each entry is at most 200 characters"))
    .min(1, "Send at least one string")
    .max(1000, "Send at most 1,000 strings per report")
    .meta({
      description:
        "Strings suspected to be leaked Tollgate tokens (matching ^tg_(live|test|user)_[0-9A-Za-z]{33}$); anything else is ignored.",
    }),
  url: z
    .url({ protocol: /^https?$/, error: "Give an http(s) URL" })
    .max(2048)
    .optional()
    .meta({ description: "Where the strings were found; shown to the owning workspace's admins." }),
});

export const revocationReceiptSchema = z.object({
  received: z.int().nonnegative().meta({
    description: "How many strings were received. The response never says which, or whether any, were valid tokens.",
  }),
});

export const errorSchema = z.object({
  error: z.object({
    code: apiErrorCodeSchema,
    message: z.string(),
    request_id: z.string().meta({ description: "The X-Request-Id of the response; quote it when reporting a problem." }),
    doc_url: z.string().meta({ description: "Where the documentation explains this code." }),
    details: z.record(z.string(), z.array(z.string())).optional().meta({ description: "Problems per field or header." }),
  }),
});

export const renameBodySchema = z.strictObject(
  {
    name: nameSchema("Send a name as a string").meta({
      description: `1–${NAME_MAX_LENGTH} letters, digits, spaces and simple punctuation, no space at either end (the server trims surrounding whitespace before checking). Names are labels, not keys: two resources may share one.`,
      minLength: 1,
      maxLength: NAME_MAX_LENGTH,
      pattern: NAME_WIRE_PATTERN,
    }),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? "Only name can be changed" : "Send a JSON object") },
);

export const single = <T extends z.ZodType>(item: T) => z.object({ data: item });
export const list = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });
export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    next_cursor: z.string().nullable().meta({ description: "Pass as ?cursor= for the next page; null on the last page." }),
  });

export type DeviceJson = z.infer<typeof deviceSchema>;
export type GroupJson = z.infer<typeof groupSchema>;
export type GroupDetailJson = z.infer<typeof groupDetailSchema>;
export type SiteJson = z.infer<typeof siteSchema>;
export type AuditEventJson = z.infer<typeof auditEventSchema>;
export type TokenInfoJson = z.infer<typeof tokenInfoSchema>;
export type CurrentUserJson = z.infer<typeof currentUserSchema>;
export type OwnTokenJson = z.infer<typeof ownTokenSchema>;
export type RevocationReport = z.infer<typeof revocationReportSchema>;
