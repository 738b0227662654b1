import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * Prometheus metrics (prom-client), one registry per process, shared by the
 * edge server and the app through globalThis. Served on METRICS_PORT by
 * server.ts, never on the public port. Labels are bounded: operation ids,
 * status codes, fixed event names; never a token, workspace or address.
 */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "tollgate_" });
  const registers = [registry];
  return {
    registry,
    apiRequests: new Counter({
      name: "tollgate_api_requests_total",
      help: "API requests answered, by operation and status",
      labelNames: ["operation", "status"] as const,
      registers,
    }),
    verification: new Histogram({
      name: "tollgate_token_verification_seconds",
      help: "Time to verify a presented token (format, cache or database, state)",
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2],
      registers,
    }),
    tokenCache: new Counter({
      name: "tollgate_token_cache_events_total",
      help: "Token cache hits, misses, evictions and tokens served from cache during a database outage",
      labelNames: ["event"] as const,
      registers,
    }),
    usageDropped: new Counter({
      name: "tollgate_usage_records_dropped_total",
      help: "Usage records dropped because the buffer was full (database slow or down)",
      registers,
    }),
    usageFlushFailures: new Counter({ name: "tollgate_usage_flush_failures_total", help: "Usage flushes that failed", registers }),
    webhookFailures: new Counter({ name: "tollgate_webhook_failures_total", help: "Webhook delivery attempts that failed", registers }),
    tokenLookupsShed: new Counter({
      name: "tollgate_token_lookups_shed_total",
      help: "Lookups of values this server has never seen valid, refused with 503 because the lane for them was full (TOKEN_LOOKUP_CONCURRENCY, TOKEN_LOOKUP_QUEUE)",
      registers,
    }),
    rateLimitRefusals: new Counter({
      name: "tollgate_rate_limit_refusals_total",
      help: "Requests refused by a limit",
      labelNames: ["limit"] as const,
      registers,
    }),
    databaseUnavailable: new Counter({
      name: "tollgate_database_unavailable_total",
      help: "Requests answered 503 because the database could not be reached or written",
      registers,
    }),
    /** Gauges read when scraped: the sources register them (usage buffer, webhook queue, pools). */
    gauge(
      name: string,
      help: string,
      labelNames: string[],
      collect: (set: (labels: Record<string, string>, value: number) => void) => unknown,
    ) {
      const existing = registry.getSingleMetric(name);
      if (existing) registry.removeSingleMetric(name);
      return new Gauge({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          this.reset();
          await collect((labels, value) => this.set(labels, value));
        },
      });
    },
  };
}

const globalMetrics = globalThis as unknown as { tollgateMetrics?: ReturnType<typeof createMetrics> };
export const metrics = (globalMetrics.tollgateMetrics ??= createMetrics());
