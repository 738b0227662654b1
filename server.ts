// The production server: Next.js's request handler behind a thin edge that
// decides, from the TCP socket, who is calling (lib/http/trust.ts). `next
// start` alone copies a client's own X-Forwarded-For through, so every
// address the app records or limits would be the client's word.
//
//   node --import tsx server.ts [-p PORT] [-H HOST]     (npm start does this)
import http from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { apiEdge } from "./lib/api/edge";
import { env } from "./lib/env";
import { EDGE_MARK, parseProxyTrust, resolveCaller } from "./lib/http/trust";

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

// What a client may never tell us itself; the edge rewrites the ones Next.js reads
// (X-Forwarded-Host becomes the Host header, which is what Next.js would use anyway).
const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-real-ip", "forwarded"];
const HSTS = "max-age=63072000; includeSubDomains";

const app = next({ dev: false, dir: process.cwd(), hostname, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((req, res) => {
  const caller = resolveCaller(
    {
      socketAddress: req.socket.remoteAddress,
      encrypted: Boolean((req.socket as { encrypted?: boolean }).encrypted),
      forwardedFor: req.headers["x-forwarded-for"],
      forwardedProto: req.headers["x-forwarded-proto"],
    },
    trust,
  );
  if (!caller) {
    res
      .writeHead(400, { "content-type": "text/plain; charset=utf-8" })
      .end("A trusted proxy sent an X-Forwarded-For entry that is not an IP address.\n");
    return;
  }
  for (const name of FORWARDING_HEADERS) delete req.headers[name];
  req.headers["x-forwarded-for"] = caller.ip;
  req.headers["x-forwarded-proto"] = caller.proto;
  if (req.headers.host) req.headers["x-forwarded-host"] = req.headers.host;
  // HSTS means something only on a response the browser got over HTTPS.
  if (caller.proto === "https") res.setHeader("Strict-Transport-Security", HSTS);
  const api = apiEdge(req.method ?? "GET", req.url ?? "/");
  if ("refuse" in api) {
    const refusal = api.refuse;
    res.writeHead(refusal.status, Object.fromEntries(refusal.headers));
    refusal.text().then((body) => res.end(req.method === "HEAD" ? undefined : body));
    return;
  }
  req.url = api.pass;
  handle(req, res).catch((error: unknown) => {
    console.error(`[edge] request failed: ${error instanceof Error ? error.name : "unknown error"}`);
    if (!res.headersSent) res.writeHead(500).end();
  });
});

server.listen(port, hostname, () => {
  console.log(`Tollgate listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // Buffered usage records go to the database before the process ends (the app's recorder is a process-wide singleton).
    const recorder = (globalThis as { tollgateUsage?: { flush(): Promise<void> } }).tollgateUsage;
    server.close(() => {
      Promise.resolve(recorder?.flush())
        .catch(() => {})
        .finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
