// node:http for tests that need what fetch cannot do: leave from a chosen
// loopback address (127.0.0.2, 127.0.0.3, …: each is a distinct client as the
// server's socket sees it), or sit in front of the app as a real proxy.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "../../scripts/lib/http";

export { request };

/** A random loopback address other than 127.0.0.1, so a test is a client of its own. */
export function loopbackClient(): string {
  return `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
}

export interface Listening {
  url: string;
  close(): Promise<void>;
}

export async function listen(server: http.Server, port = 0): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A reverse proxy as nginx is usually set up: it appends the address it saw
 * to X-Forwarded-For (`$proxy_add_x_forwarded_for`) and sets
 * X-Forwarded-Proto to the scheme it was reached with. `seenAs` stands for a
 * load balancer's view of an Internet client (its peer address and scheme).
 */
export function appendingProxy(target: string, seenAs?: { address?: string; proto?: "http" | "https" }) {
  const server = http.createServer((req, res) => {
    const peer = seenAs?.address ?? req.socket.remoteAddress ?? "";
    const forwarded = req.headers["x-forwarded-for"];
    const headers = {
      ...req.headers,
      "x-forwarded-for": forwarded ? `${forwarded}, ${peer}` : peer,
      "x-forwarded-proto": seenAs?.proto ?? "http",
    };
    const upstream = http.request(new URL(req.url ?? "/", target), { method: req.method, headers }, (response) => {
      res.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return listen(server);
}
