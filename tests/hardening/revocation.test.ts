import { describe, expect, it } from "vitest";
import { callAction, signIn } from "../support/actions";
import { uniqueName } from "../support/factories";
import { BASE_URL } from "../support/servers";

interface Sample {
  startedAt: number;
  status: number;
}

/** Sends requests back to back (a few in parallel) until told to stop. */
function steadyStream(token: string, workers = 4) {
  const samples: Sample[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const startedAt = performance.now();
      const res = await fetch(`${BASE_URL}/api/v1/token`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      samples.push({ startedAt, status: res.status });
    }
  });
  return {
    samples,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

describe("revocation is immediate on the server that made it", () => {
  for (const change of ["delete", "regenerate"] as const) {
    it(`after a ${change} completes, no request with the old value succeeds`, async () => {
      const admin = await signIn(BASE_URL, "admin@acme.test");
      const created = await callAction(BASE_URL, admin, "createTokenAction", [
        "acme",
        { name: uniqueName(`Stream ${change}`), expiry: "7d", scopes: ["devices:read"], access: "all" },
      ]);
      const token = created.result!.data as { id: string; plaintext: string };
      const stream = steadyStream(token.plaintext);
      await new Promise((r) => setTimeout(r, 400));
      const result =
        change === "delete"
          ? await callAction(BASE_URL, admin, "deleteTokenAction", ["acme", { tokenId: token.id, version: 1 }])
          : await callAction(BASE_URL, admin, "regenerateTokenAction", ["acme", { tokenId: token.id, version: 1, expiry: "7d" }]);
      const completedAt = performance.now();
      expect(result.result?.ok).toBe(true);
      await new Promise((r) => setTimeout(r, 400));
      await stream.stop();
      const before = stream.samples.filter((s) => s.startedAt < completedAt);
      const after = stream.samples.filter((s) => s.startedAt > completedAt);
      expect(before.some((s) => s.status === 200)).toBe(true);
      expect(after.length).toBeGreaterThan(5);
      expect(after.filter((s) => s.status !== 401)).toEqual([]);
    });
  }
});
