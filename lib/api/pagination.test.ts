import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, finishPage, parsePage } from "./pagination";

const params = (query: string) => new URLSearchParams(query);
const page = (limit: number) => ({ list: "listDevices", limit, after: null, updatedSince: null });

describe("cursors", () => {
  it("round-trip their keys for their own list", () => {
    const cursor = encodeCursor("listAuditEvents", ["2024-01-02T03:04:05.000Z", "ck123"]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, "listAuditEvents", 2)).toEqual(["2024-01-02T03:04:05.000Z", "ck123"]);
  });

  it("are refused by another list, even with the same number of keys", () => {
    expect(decodeCursor(encodeCursor("listGroups", ["g1"]), "listSites", 1)).toBeNull();
  });

  it("refuse edits, the wrong number of keys and garbage", () => {
    const cursor = encodeCursor("listDevices", ["ACM-1001"]);
    const [payload, signature] = cursor.split(".");
    const edited = `${Buffer.from(JSON.stringify(["listDevices", "ACM-9999"])).toString("base64url")}.${signature}`;
    expect(decodeCursor(edited, "listDevices", 1)).toBeNull();
    expect(decodeCursor(payload, "listDevices", 1)).toBeNull();
    expect(decodeCursor(cursor, "listDevices", 2)).toBeNull();
    expect(decodeCursor("not base64!", "listDevices", 1)).toBeNull();
    expect(decodeCursor(cursor.slice(0, -2), "listDevices", 1)).toBeNull();
    expect(decodeCursor(`${cursor}A`, "listDevices", 1)).toBeNull();
    expect(decodeCursor("", "listDevices", 1)).toBeNull();
  });
});

describe("parsePage", () => {
  it("defaults to 50 from the start", () => {
    expect(parsePage(params(""), "listDevices", 1)).toEqual({
      ok: true,
      page: { list: "listDevices", limit: 50, after: null, updatedSince: null },
    });
  });

  it("accepts limits from 1 to 100", () => {
    expect(parsePage(params("limit=1"), "listDevices", 1)).toMatchObject({ ok: true, page: { limit: 1 } });
    expect(parsePage(params("limit=100"), "listDevices", 1)).toMatchObject({ ok: true, page: { limit: 100 } });
  });

  it.each(["0", "101", "-1", "1.5", "abc", "", "1e2", " 5"])("refuses limit=%j with details", (limit) => {
    const result = parsePage(params(`limit=${encodeURIComponent(limit)}`), "listDevices", 1);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.details.limit?.length).toBe(1);
  });

  it("reports a bad limit and a bad cursor together", () => {
    const result = parsePage(params("limit=0&cursor=%%%"), "listDevices", 1);
    expect(result).toEqual({ ok: false, details: { limit: [expect.any(String)], cursor: [expect.any(String)] } });
  });

  it("lets a list veto keys that decode but are not its own", () => {
    const cursor = encodeCursor("listAuditEvents", ["yesterday", "id"]);
    expect(parsePage(params(`cursor=${cursor}`), "listAuditEvents", 2, () => false).ok).toBe(false);
    expect(parsePage(params(`cursor=${cursor}`), "listAuditEvents", 2)).toMatchObject({ ok: true, page: { after: ["yesterday", "id"] } });
  });

  it("refuses repeated parameters", () => {
    expect(parsePage(params("limit=1&limit=2"), "listDevices", 1).ok).toBe(false);
  });
});

describe("updated_since", () => {
  it("reads one RFC 3339 timestamp with a zone, and binds it into the list a cursor belongs to", () => {
    const since = parsePage(params("updated_since=2026-12-01T10:00:00%2B02:00"), "listDevices", 1, undefined, { sync: true });
    expect(since.ok && since.page.updatedSince?.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    const unfiltered = encodeCursor("listDevices", ["ACM-1"]);
    // A cursor from the walk without the filter does not continue the filtered one, nor the other way round.
    expect(
      parsePage(params(`updated_since=2026-12-01T08:00:00Z&cursor=${unfiltered}`), "listDevices", 1, undefined, { sync: true }).ok,
    ).toBe(false);
    const filtered = encodeCursor("listDevices:since=2026-12-01T08:00:00.000Z", ["ACM-1"]);
    expect(parsePage(params(`updated_since=2026-12-01T08:00:00Z&cursor=${filtered}`), "listDevices", 1, undefined, { sync: true }).ok).toBe(
      true,
    );
    expect(parsePage(params(`cursor=${filtered}`), "listDevices", 1, undefined, { sync: true }).ok).toBe(false);
  });

  it.each([
    "yesterday",
    "2026-12-01",
    "2026-12-01T08:00:00",
    "2026-13-01T08:00:00Z",
    "2026-02-30T08:00:00Z",
    "2026-12-01T24:00:00Z",
    "1".repeat(50),
  ])("refuses %s, naming the field", (value) => {
    const result = parsePage(params(`updated_since=${encodeURIComponent(value)}`), "listDevices", 1, undefined, { sync: true });
    expect(result.ok === false && result.details.updated_since?.length).toBe(1);
  });
});

describe("finishPage", () => {
  it("points the cursor at the last returned row only when more exist", () => {
    const rows = [{ k: "a" }, { k: "b" }, { k: "c" }];
    const more = finishPage(rows, page(2), (r) => [r.k]);
    expect(more.items).toEqual([{ k: "a" }, { k: "b" }]);
    expect(decodeCursor(more.next_cursor!, "listDevices", 1)).toEqual(["b"]);
    expect(finishPage(rows, page(3), (r) => [r.k]).next_cursor).toBeNull();
    expect(finishPage([], page(3), (r: { k: string }) => [r.k])).toEqual({ items: [], next_cursor: null });
  });
});
