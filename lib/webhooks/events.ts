import { z } from "zod";
import { ENVIRONMENTS } from "../environments";

/**
 * The events a workspace's webhook receives, once: the delivery code queues
 * them (lib/webhooks/deliveries.ts) and the OpenAPI document's `webhooks`
 * section lists them, with the body shape of lib/api/schemas.ts.
 */
export const WEBHOOK_EVENTS = [
  "token.created",
  "token.regenerated",
  "token.deleted",
  "token.leak_reported",
  "token.expiring",
  "token.expired",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_EVENT_SUMMARIES: Record<WebhookEvent, string> = {
  "token.created": "A token was created (data.actor: who)",
  "token.regenerated": "A token was regenerated: the old value stopped working (data.actor: who)",
  "token.deleted": "A token was deleted (data.actor: who)",
  "token.leak_reported": "A token was reported leaked and revoked (data.reported_from, data.url)",
  "token.expiring": "A token expires within 7 days (data.token.expires_at)",
  "token.expired": "A token expired",
};

const timestamp = z.string().meta({ format: "date-time", description: "ISO 8601 timestamp in UTC." });

/** The body of every webhook POST, whatever the event; `data` holds the token and what the event adds. */
export const webhookEventSchema = z.object({
  id: z.string().meta({ description: "The event's id (evt_…), also in Tollgate-Delivery; the same on every retry." }),
  type: z.enum(WEBHOOK_EVENTS),
  created_at: timestamp,
  workspace_id: z.string(),
  data: z.object({
    token: z.object({
      id: z.string(),
      name: z.string(),
      environment: z.enum(ENVIRONMENTS).optional(),
      expires_at: timestamp.nullable().optional(),
    }),
    actor: z.string().optional().meta({ description: "The email of the person who made the change (created, regenerated, deleted)." }),
    reported_from: z.string().optional().meta({ description: "The address the leak report came from (token.leak_reported)." }),
    url: z.string().nullable().optional().meta({ description: "Where the reporter found the token, if it said (token.leak_reported)." }),
  }),
});
export type WebhookEventJson = z.infer<typeof webhookEventSchema>;
/** What an event adds to data besides the token. */
export type WebhookExtra = Omit<WebhookEventJson["data"], "token">;
