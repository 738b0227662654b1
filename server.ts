// The production server: Next.js's request handler behind a thin edge that
// decides, from the TCP socket, who is calling (lib/http/trust.ts). `next
// start` alone copies a client's own X-Forwarded-For through, so every
// address the app records or limits would be the client's word. /api/v1 goes
// from the edge to the lean router (lib/api/router.ts), never through Next.js.
//
//   node --import tsx server.ts [-p PORT] [-H HOST]     (npm start does this)
//
// Exit codes: 0 after a requested shutdown (SIGTERM/SIGINT, in-flight
// requests drained within SHUTDOWN_GRACE_MS), 1 when it cannot start (port
// taken, another server on the SQLite file, a read-only data directory, an
// unsafe configuration) or crashes.
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { getRequestListener } from "@hono/node-server";
import next from "next";
import { apiRouter, isApiPath } from "./lib/api/router";
import { databaseConfig } from "./lib/db/config";
import { claimSqliteFile, unwritableDirectory } from "./lib/db/single-server";
import { env } from "./lib/env";
import { EDGE_MARK, fromTrustedProxy, parseProxyTrust, resolveCaller } from "./lib/http/trust";
import { startDraining } from "./lib/ops/lifecycle";
import { log } from "./lib/ops/log";
import { metrics } from "./lib/ops/metrics";

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
  strict: false,
});
const port = values.port === undefined ? env.PORT : Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Not a port: ${values.port}`);
const hostname = String(values.hostname ?? env.HOST);
const trust = parseProxyTrust(env.TRUST_PROXY);
// instrumentation.ts (same process) refuses to serve production traffic without this edge.
(globalThis as Record<symbol, boolean>)[EDGE_MARK] = true;

function refuseToStart(message: string): never {
  log.fatal(`Tollgate cannot start: ${message}`);
  process.exit(1);
}

const database = databaseConfig(env.DATABASE_URL);
if (database.provider === "sqlite") {
  const file = database.url.slice("file:".length);
  const unwritable = unwritableDirectory(path.dirname(file));
  if (unwritable) refuseToStart(unwritable);
  if (!env.SQLITE_SHARED_FILE) {
    const claim = await claimSqliteFile(file);
    if (!claim.ok) refuseToStart(claim.message);
  }
}

// What a client may never tell us itself; the edge rewrites the ones Next.js reads
// (X-Forwarded-Host becomes the Host header, which is what Next.js would use anyway).
const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-real-ip", "forwarded"];
const HSTS = "max-age=63072000; includeSubDomains";
// next.config.ts's serverActions.bodySizeLimit (100 KB) and some room for the multipart framing.
const MAX_ACTION_BODY_BYTES = 128 * 1024;
const publicOrigin = env.AUTH_URL ? new URL(env.AUTH_URL) : null;

const app = next({ dev: false, dir: process.cwd(), hostname, port });
await app.prepare();
const handle = app.getRequestHandler();
// /api/v1 never reaches Next.js: the lean router (lib/api/router.ts) answers it from the same lib/ and rules.
const serveApi = getRequestListener(apiRouter().fetch);

function plain(res: http.ServerResponse, status: number, text: string) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close" }).end(`${text}\n`);
}

let inFlight = 0;
const server = http.createServer((req, res) => {
  inFlight++;
  res.once("close", () => inFlight--);
  const caller = resolveCaller(
    {
      socketAddress: req.socket.remoteAddress,
      encrypted: Boolean((req.socket as { encrypted?: boolean }).encrypted),
      forwardedFor: req.headers["x-forwarded-for"],
      forwardedProto: req.headers["x-forwarded-proto"],
    },
    trust,
  );
  if (!caller) return plain(res, 400, "A trusted proxy sent an X-Forwarded-For entry that is not an IP address.");
  // A server action's body is read whole by Next.js, which answers an over-size one with a 500: refuse it here, unread.
  if (req.method === "POST" && req.headers["next-action"] !== undefined) {
    const length = req.headers["content-length"];
    if (length === undefined) return plain(res, 411, "A form submission needs a Content-Length.");
    if (Number(length) > MAX_ACTION_BODY_BYTES) return plain(res, 413, "The form submission is too large.");
  }
  // Node keeps only the first of two Authorization headers; the API refuses two (400 invalid_request), so it must see both.
  const authorizations: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].length === 13 && req.rawHeaders[i].toLowerCase() === "authorization") authorizations.push(req.rawHeaders[i + 1]);
  }
  if (authorizations.length > 1) req.headers.authorization = authorizations.join(", ");
  // The host a trusted proxy says the client asked for (nginx: proxy_set_header X-Forwarded-Host $http_host).
  const forwardedHost = fromTrustedProxy(req.socket.remoteAddress, trust) ? req.headers["x-forwarded-host"] : undefined;
  for (const name of FORWARDING_HEADERS) delete req.headers[name];
  req.headers["x-forwarded-for"] = caller.ip;
  req.headers["x-forwarded-proto"] = caller.proto;
  let host = typeof forwardedHost === "string" && /^[\w.:[\]-]{1,255}$/.test(forwardedHost) ? forwardedHost : req.headers.host;
  // A browser on the configured public origin (AUTH_URL) is same-origin, whatever Host a proxy passed on (nginx's $host drops the port).
  if (publicOrigin && req.headers.origin === publicOrigin.origin) host = publicOrigin.host;
  if (host) req.headers["x-forwarded-host"] = host;
  // HSTS means something only on a response the browser got over HTTPS.
  if (caller.proto === "https") res.setHeader("Strict-Transport-Security", HSTS);
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  if (isApiPath(query === -1 ? url : url.slice(0, query))) {
    // The adapter builds the Web Request from rawHeaders: make them what the edge decided above, not what the client sent.
    req.rawHeaders = Object.entries(req.headers).flatMap(([name, value]) =>
      value === undefined ? [] : Array.isArray(value) ? value.flatMap((v) => [name, v]) : [name, value],
    );
    void serveApi(req, res);
    return;
  }
  handle(req, res).catch((error: unknown) => {
    log.error({ err: { name: error instanceof Error ? error.name : "unknown error" } }, "request failed at the edge");
    if (!res.headersSent) res.writeHead(500).end();
  });
});

server.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EADDRINUSE") refuseToStart(`port ${port} on ${hostname} is already in use (another server is listening there).`);
  if (error.code === "EACCES") refuseToStart(`no permission to listen on port ${port}.`);
  log.fatal({ err: { name: error.name, code: error.code } }, "the server failed");
  process.exit(1);
});
server.listen(port, hostname, () => {
  log.info({ port, hostname }, `Tollgate listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
});

// Prometheus metrics on their own port (loopback by default): never on the public one.
if (env.METRICS_PORT) {
  const metricsServer = http.createServer(async (req, res) => {
    if (req.url !== "/metrics") return plain(res, 404, "Metrics are at /metrics.");
    try {
      const body = await metrics.registry.metrics();
      res.writeHead(200, { "content-type": metrics.registry.contentType }).end(body);
    } catch {
      plain(res, 500, "Metrics could not be collected.");
    }
  });
  metricsServer.on("error", (error: NodeJS.ErrnoException) => {
    refuseToStart(`the metrics port ${env.METRICS_PORT} cannot be used (${error.code ?? error.name}).`);
  });
  metricsServer.listen(env.METRICS_PORT, env.METRICS_HOST).unref();
}

let stopping = false;
function shutdown(reason: string) {
  if (stopping) return;
  stopping = true;
  startDraining();
  log.info({ reason, inFlight, graceMs: env.SHUTDOWN_GRACE_MS }, "shutting down: draining in-flight requests");
  // Buffered usage records go to the database before the process ends (the app's recorder is a process-wide singleton).
  const recorder = (globalThis as { tollgateUsage?: { flush(): Promise<void> } }).tollgateUsage;
  const finish = (code: number) =>
    Promise.resolve(recorder?.flush())
      .catch(() => {})
      .finally(() => process.exit(code));
  server.close(() => finish(0));
  server.closeIdleConnections();
  setTimeout(() => {
    log.warn({ inFlight }, "shutdown grace passed: closing the connections still open");
    server.closeAllConnections();
    void finish(0);
  }, env.SHUTDOWN_GRACE_MS).unref();
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => shutdown(signal));
// Started by `npm start` over an IPC channel: if the launcher dies in any way (even SIGKILL), stop too rather than run on as an orphan.
if (process.send) process.on("disconnect", () => shutdown("launcher exited"));
