import { isIP } from "node:net";
import { addDays, subDays } from "date-fns";
import { fetch } from "undici";
import { openWebhookSecret } from "../crypto/keyring";
import { db, type Tx } from "../db/client";
import { describeError, isUniqueViolation } from "../db/errors";
import { env } from "../env";
import { forgetEndedOverlaps } from "../tokens/overlaps";
import { isPublicAddress, webhookAgent } from "./destination";
import { MAX_ATTEMPTS, retryDelayMs, SIGNATURE_HEADER, sign } from "./signature";
import { log } from "../ops/log";
import { metrics } from "../ops/metrics";

/**
 * Outgoing webhooks: a workspace may name one HTTPS URL that receives token
 * events, signed (lib/webhooks/signature.ts). Events are rows written in the
 * transaction of the change they describe, so none is sent for a change that
 * rolled back and none is lost for one that committed. A loop in every
 * server claims due rows with a conditional update (a row is sent by one
 * server, whichever claims it first), posts them, and retries failures with
 * backoff; the expiry scan inserts `token.expiring` and `token.expired` with
 * a unique key, so each is queued once per token and expiry however many
 * servers scan.
 */
import type { Environment } from "../environments";
import type { WebhookEvent, WebhookEventJson, WebhookExtra } from "./events";

export { WEBHOOK_EVENTS } from "./events";

export interface TokenRef {
  id: string;
  name: string;
  /** As stored: "live" or "test" (lib/environments.ts). */
  environment?: string;
  expiresAt?: Date | null;
}

/** The body as the OpenAPI document's `webhooks` section publishes it (webhookEventSchema in ./events.ts). */
function payload(deliveryId: string, event: WebhookEvent, workspaceId: string, token: TokenRef, extra: WebhookExtra) {
  const body: WebhookEventJson = {
    id: deliveryId,
    type: event,
    created_at: new Date().toISOString(),
    workspace_id: workspaceId,
    data: {
      token: {
        id: token.id,
        name: token.name,
        ...(token.environment ? { environment: token.environment as Environment } : {}),
        ...(token.expiresAt !== undefined ? { expires_at: token.expiresAt?.toISOString() ?? null } : {}),
      },
      ...extra,
    },
  };
  return JSON.stringify(body);
}

const deliveryId = () => `evt_${crypto.randomUUID().replaceAll("-", "")}`;

/** Queues an event in the caller's transaction when the workspace has a webhook; nothing otherwise. */
export async function enqueueEvent(tx: Tx, workspaceId: string, event: WebhookEvent, token: TokenRef, extra: WebhookExtra = {}) {
  const workspace = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { webhookUrl: true } });
  if (!workspace?.webhookUrl) return;
  const id = deliveryId();
  await tx.webhookDelivery.create({
    data: { id, workspaceId, event, url: workspace.webhookUrl, payload: payload(id, event, workspaceId, token, extra) },
  });
}

/** Queued once per key, across servers: a second insert of the same key is a no-op. */
async function enqueueOnce(workspaceId: string, url: string, event: WebhookEvent, token: TokenRef, dedupeKey: string) {
  const id = deliveryId();
  try {
    await db.webhookDelivery.create({
      data: { id, workspaceId, event, url, dedupeKey, payload: payload(id, event, workspaceId, token, {}) },
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Expiring within 7 days, and expired in the last 7 days (a server that was down catches up): each once. */
export async function scanExpiries(now = new Date()): Promise<number> {
  const workspaces = await db.workspace.findMany({ where: { webhookUrl: { not: null } }, select: { id: true, webhookUrl: true } });
  let queued = 0;
  for (const ws of workspaces) {
    const tokens = await db.apiToken.findMany({
      where: { workspaceId: ws.id, expiresAt: { gt: subDays(now, 7), lte: addDays(now, 7) } },
      select: { id: true, name: true, environment: true, expiresAt: true },
      take: 1000,
    });
    for (const t of tokens) {
      const expired = t.expiresAt! <= now;
      const event: WebhookEvent = expired ? "token.expired" : "token.expiring";
      if (await enqueueOnce(ws.id, ws.webhookUrl!, event, t, `${event}:${t.id}:${t.expiresAt!.toISOString()}`)) queued++;
    }
  }
  return queued;
}

/** Where a webhook may point: HTTPS to a public address; plain HTTP only to loopback when the operator allows it (tests, local development). */
export function webhookUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL, like https://hooks.example.com/tollgate";
  }
  if (url.username || url.password) return "Leave credentials out of the URL; verify the signature instead";
  const loopback = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
  if (url.protocol === "http:" && loopback && env.WEBHOOK_ALLOW_HTTP_LOOPBACK) return null;
  if (url.protocol !== "https:") return "Use an https:// URL";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && !isPublicAddress(host)) return "Use a public address, not a private or local one";
  return null;
}

/** Every delivery's connections: to checked public addresses only (loopback too where the operator allows plain-HTTP loopback). */
const agent = webhookAgent(env.WEBHOOK_ALLOW_HTTP_LOOPBACK);

const CLAIM_MS = 60_000;
const PRIVATE = "The URL resolves to a private or local address";
/** Deliveries one server sends at once, over all workspaces. */
const MAX_IN_FLIGHT = 16;
/** Deliveries one server sends at once to one workspace's receiver: a slow receiver holds up only its own events. */
const PER_WORKSPACE = 2;
/** A receiver must start answering within this: a hanging one is given up on and retried with back-off. */
const ANSWER_MS = 5_000;

const inFlight = new Map<string, number>();
let sending = 0;

async function claim(id: string, now: Date) {
  const { count } = await db.webhookDelivery.updateMany({
    where: { id, status: "pending", OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    data: { lockedUntil: new Date(now.getTime() + CLAIM_MS) },
  });
  return count === 1;
}

/** The workspace's signing secret, opened (it is stored sealed: lib/crypto/sealed.ts), or why it cannot be used. */
function signingSecret(workspaceId: string, stored: string | null): { secret: string } | { error: string } {
  if (!stored) return { error: "The workspace has no signing secret" };
  try {
    return { secret: openWebhookSecret(workspaceId, stored) };
  } catch (failure) {
    return {
      error: `The signing secret cannot be read: ${failure instanceof Error ? failure.message : failure}. Roll the secret to send again.`,
    };
  }
}

async function deliver(id: string) {
  const row = await db.webhookDelivery.findUniqueOrThrow({
    where: { id },
    select: {
      url: true,
      payload: true,
      event: true,
      attempts: true,
      workspaceId: true,
      workspace: { select: { webhookSecret: true, webhookUrl: true } },
    },
  });
  // Always the workspace's URL now: a queued event must not go to an address its admins have since replaced or removed.
  const target = row.workspace.webhookUrl;
  if (!target) {
    await db.webhookDelivery.update({
      where: { id },
      data: { status: "failed", lockedUntil: null, lastError: "The webhook was removed before this event was sent", lastStatusCode: null },
    });
    return;
  }
  const attempt = row.attempts + 1;
  let statusCode: number | null = null;
  let error: string | null = null;
  const url = new URL(target);
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  const opened = signingSecret(row.workspaceId, row.workspace.webhookSecret);
  if ("error" in opened) error = opened.error;
  else if (isIP(literal) && !isPublicAddress(literal, env.WEBHOOK_ALLOW_HTTP_LOOPBACK)) error = PRIVATE;
  else {
    try {
      // The name is resolved at connect time by the agent, which refuses private answers: no second lookup to rebind.
      const response = await fetch(url, {
        dispatcher: agent,
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(ANSWER_MS),
        headers: {
          "content-type": "application/json",
          "user-agent": "Tollgate-Webhooks/1",
          "tollgate-event": row.event,
          "tollgate-delivery": id,
          [SIGNATURE_HEADER]: sign(opened.secret, row.payload, Math.floor(Date.now() / 1000)),
        },
        body: row.payload,
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => {});
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (failure) {
      const cause = (failure as { cause?: { code?: string } }).cause;
      if (cause?.code === "EWEBHOOKPRIVATE") error = PRIVATE;
      else
        error =
          failure instanceof Error && failure.name === "TimeoutError" ? `No answer within ${ANSWER_MS / 1000} s` : "Could not connect";
    }
  }
  const done = error === null;
  if (!done) metrics.webhookFailures.inc();
  await db.webhookDelivery.update({
    where: { id },
    data: {
      url: target,
      attempts: attempt,
      lastStatusCode: statusCode,
      lastError: error,
      lockedUntil: null,
      status: done ? "delivered" : attempt >= MAX_ATTEMPTS ? "failed" : "pending",
      deliveredAt: done ? new Date() : null,
      nextAttemptAt: done ? undefined : new Date(Date.now() + retryDelayMs(attempt, env.WEBHOOK_RETRY_BASE_MS)),
    },
  });
}

/**
 * Starts what is due, fairly: at most PER_WORKSPACE deliveries per workspace
 * and MAX_IN_FLIGHT in all on this server, each on its own (nothing waits for
 * a batch), so a receiver that never answers delays only its own
 * workspace's events. Returns how many it started.
 */
export async function deliverDue(now = new Date()): Promise<number> {
  const room = MAX_IN_FLIGHT - sending;
  if (room <= 0) return 0;
  const full = [...inFlight].filter(([, n]) => n >= PER_WORKSPACE).map(([workspaceId]) => workspaceId);
  const dueNow = {
    status: "pending",
    nextAttemptAt: { lte: now },
    OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
  };
  // Workspaces first, oldest due first, then a few rows of each: a workspace with a thousand queued events
  // (a fast receiver is never "full") takes its share of a poll, not all of it.
  const workspaces = await db.webhookDelivery.groupBy({
    by: ["workspaceId"],
    where: { ...dueNow, ...(full.length > 0 ? { workspaceId: { notIn: full } } : {}) },
    orderBy: { _min: { nextAttemptAt: "asc" } },
    take: room,
  });
  const due: { id: string; workspaceId: string }[] = [];
  for (const { workspaceId } of workspaces) {
    const share = PER_WORKSPACE - (inFlight.get(workspaceId) ?? 0);
    due.push(
      ...(await db.webhookDelivery.findMany({
        where: { ...dueNow, workspaceId },
        orderBy: { nextAttemptAt: "asc" },
        take: share,
        select: { id: true, workspaceId: true },
      })),
    );
  }
  let started = 0;
  for (const { id, workspaceId } of due) {
    if (sending >= MAX_IN_FLIGHT) break;
    if ((inFlight.get(workspaceId) ?? 0) >= PER_WORKSPACE || !(await claim(id, now))) continue;
    sending++;
    inFlight.set(workspaceId, (inFlight.get(workspaceId) ?? 0) + 1);
    started++;
    void deliver(id)
      .catch((error: unknown) => log.error({ err: describeError(error) }, "webhook delivery failed"))
      .finally(() => {
        sending--;
        const left = (inFlight.get(workspaceId) ?? 1) - 1;
        if (left > 0) inFlight.set(workspaceId, left);
        else inFlight.delete(workspaceId);
      });
  }
  return started;
}

/** The workspace's last deliveries for the Developers tab. */
export async function recentDeliveries(workspaceId: string, take = 20) {
  const rows = await db.webhookDelivery.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      event: true,
      status: true,
      attempts: true,
      lastStatusCode: true,
      lastError: true,
      createdAt: true,
      nextAttemptAt: true,
    },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), nextAttemptAt: r.nextAttemptAt.toISOString() }));
}
export type DeliveryView = Awaited<ReturnType<typeof recentDeliveries>>[number];

let started = false;

metrics.gauge("tollgate_webhook_queue_depth", "Webhook deliveries waiting to be sent (all servers)", [], async (set) => {
  // A scrape during a database outage still answers, without this one.
  const pending = await db.webhookDelivery.count({ where: { status: "pending" } }).catch(() => null);
  if (pending !== null) set({}, pending);
});

/** Once per server (instrumentation.ts): send what is due every WEBHOOK_POLL_MS, scan expiries every EXPIRY_SCAN_MS. */
export function startWebhooks() {
  if (started) return;
  started = true;
  const guard = (name: string, work: () => Promise<unknown>) => {
    let running = false;
    return async () => {
      if (running) return;
      running = true;
      try {
        await work();
      } catch (error) {
        log.error({ err: describeError(error), job: name }, "webhook job failed");
      } finally {
        running = false;
      }
    };
  };
  setInterval(
    guard("delivery", () => deliverDue()),
    env.WEBHOOK_POLL_MS,
  ).unref();
  setInterval(
    guard("expiry scan", async () => {
      await scanExpiries();
      await forgetEndedOverlaps();
    }),
    env.EXPIRY_SCAN_MS,
  ).unref();
}
