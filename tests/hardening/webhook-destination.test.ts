// DNS rebinding past the webhook address check (issue 27, item 4): the check
// is made on the address the connection uses. A resolver stub stands in for
// an attacker's DNS (first answer public, then loopback); the receiver is a
// real server on 127.0.0.1 and the client is the agent deliveries use.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookAgent } from "@/lib/webhooks/destination";

let hits = 0;
const receiver = createServer((_req, res) => {
  hits++;
  res.writeHead(204).end();
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  port = (receiver.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => receiver.close(resolve)));

describe("webhook connections", () => {
  it("a name that answers public for the check and loopback for the connection reaches nothing", async () => {
    // The attacker's DNS: public for whoever asks first (the old code's separate check), loopback after.
    const answers = ["93.184.216.34", "127.0.0.1"];
    let asked = 0;
    const resolve = (_host: string, callback: (error: Error | null, addresses: { address: string; family: number }[]) => void) =>
      callback(null, [{ address: answers[Math.min(asked++, answers.length - 1)], family: 4 }]);
    // What a check-then-fetch would have seen first:
    resolve("rebind.attacker.test", (_e, first) => expect(first[0].address).toBe("93.184.216.34"));
    // The connection resolves again, gets loopback, and the agent's check is on that answer.
    const rebinding = webhookAgent(false, resolve);
    const attempt = fetch(`http://rebind.attacker.test:${port}/hook`, { method: "POST", body: "{}", dispatcher: rebinding });
    await expect(attempt).rejects.toMatchObject({ cause: { code: "EWEBHOOKPRIVATE" } });
    expect(hits).toBe(0);
  });

  it("refuses a name with any non-public answer, including IPv6 forms that embed a loopback IPv4", async () => {
    for (const address of ["::127.0.0.1", "::ffff:127.0.0.1", "10.0.0.7"]) {
      const agent = webhookAgent(false, (_host, callback) =>
        callback(null, [
          { address: "93.184.216.34", family: 4 },
          { address, family: address.includes(":") ? 6 : 4 },
        ]),
      );
      await expect(
        fetch(`http://mixed.attacker.test:${port}/hook`, { method: "POST", body: "{}", dispatcher: agent }),
      ).rejects.toMatchObject({
        cause: { code: "EWEBHOOKPRIVATE" },
      });
    }
    expect(hits).toBe(0);
  });

  it("connects to what it checked when loopback is allowed (the test servers' setting): the control", async () => {
    const agent = webhookAgent(true, (_host, callback) => callback(null, [{ address: "127.0.0.1", family: 4 }]));
    const res = await fetch(`http://receiver.test:${port}/hook`, { method: "POST", body: "{}", dispatcher: agent });
    expect(res.status).toBe(204);
    expect(hits).toBe(1);
  });
});
