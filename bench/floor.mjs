// The floor (issue 26): a plain node:http server doing the least a token API
// must do, hashing the presented value and looking it up in a map, then
// answering JSON. What the machine can do per request, next to which
// Tollgate's /api/v1 is measured in the same run.
//   node bench/floor.mjs PORT TOKEN
import { createHash } from "node:crypto";
import http from "node:http";

const [port, token] = process.argv.slice(2);
const sha256 = (value) => createHash("sha256").update(value).digest("hex");
const known = new Map([[sha256(token), { id: "floor", name: "Floor token", scopes: ["devices:read"] }]]);

http
  .createServer((req, res) => {
    if (req.url === "/api/health") return res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    const header = req.headers.authorization ?? "";
    const found = header.startsWith("Bearer ") ? known.get(sha256(header.slice(7))) : undefined;
    const body = found ? { data: found } : { error: { code: "unauthorized" } };
    res.writeHead(found ? 200 : 401, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  })
  .listen(Number(port), "127.0.0.1");
