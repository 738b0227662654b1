// A small round-robin HTTP proxy for the scale-out case: each request goes to
// the next upstream in turn over keep-alive connections, the way a load
// balancer in front of several `next start` servers would send it. It sets
// X-Forwarded-For like a proxy, but the bench servers trust no proxy, so the
// client address they see is the proxy's socket (127.0.0.1).
import http from "node:http";

export interface Proxy {
  baseUrl: string;
  /** Requests sent to each upstream, in order. */
  counts: number[];
  close(): Promise<void>;
}

export async function startProxy(port: number, upstreams: string[]): Promise<Proxy> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const targets = upstreams.map((u) => new URL(u));
  const counts = targets.map(() => 0);
  let next = 0;
  const server = http.createServer((req, res) => {
    const i = next++ % targets.length;
    counts[i]++;
    const target = targets[i];
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host, "x-forwarded-for": req.socket.remoteAddress ?? "" },
        agent,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
