import { beforeAll, describe, expect, it } from "vitest";
import { api, expectError, makeToken, patchJson, type TestToken } from "./helpers";

// Path segments reach the database only when they could be a key; everything
// else is an ordinary 404 in the API's error shape, never a 500.
let token: TestToken;
beforeAll(async () => {
  token = await makeToken({ label: "paths" });
});

const odd = [
  "..%2F..%2Fetc%2Fpasswd",
  "..%2F",
  "%00",
  "ACM-1001%00",
  "%E2%80%AE1001-MCA",
  "caf%C3%A9",
  "%F0%9F%98%80",
  "A".repeat(65),
  "%20ACM-1001",
  "'%20OR%201%3D1--",
];

describe("odd path parameters", () => {
  it.each(["devices", "groups", "sites"])("GET /api/v1/%s/{odd} is a 404", async (kind) => {
    for (const segment of odd) {
      const res = await api(`/api/v1/${kind}/${segment}`, { token: token.value });
      await expectError(res, 404, "not_found");
    }
  });

  it("PATCH with an odd path is a 404 too", async () => {
    for (const segment of odd)
      await expectError(await patchJson(`/api/v1/devices/${segment}`, token.value, { name: "Fine" }), 404, "not_found");
  });

  it("an unknown endpoint answers in the JSON error shape", async () => {
    const res = await api("/api/v1/devices/ACM-1001/extra", { token: token.value });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});
