import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, finishPage, parsePage } from "./pagination";

const params = (query: string) => new URLSearchParams(query);

describe("cursors", () => {
  it("round-trip their keys", () => {
    const cursor = encodeCursor(["2024-01-02T03:04:05.000Z", "ck123"]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 2)).toEqual(["2024-01-02T03:04:05.000Z", "ck123"]);
  });

  it("refuse the wrong number of keys, garbage and non-canonical spellings", () => {
    const cursor = encodeCursor(["ACM-1001"]);
    expect(decodeCursor(cursor, 2)).toBeNull();
    expect(decodeCursor("not base64!", 1)).toBeNull();
    expect(decodeCursor(Buffer.from("{}").toString("base64url"), 1)).toBeNull();
    expect(decodeCursor(Buffer.from("[1]").toString("base64url"), 1)).toBeNull();
    expect(decodeCursor(Buffer.from('[""]').toString("base64url"), 1)).toBeNull();
    expect(decodeCursor(cursor.slice(0, -2), 1)).toBeNull();
    expect(decodeCursor(`${cursor}A`, 1)).toBeNull();
    expect(decodeCursor("", 1)).toBeNull();
  });
});

describe("parsePage", () => {
  it("defaults to 50 from the start", () => {
    expect(parsePage(params(""), 1)).toEqual({ ok: true, page: { limit: 50, after: null } });
  });

  it("accepts limits from 1 to 100", () => {
    expect(parsePage(params("limit=1"), 1)).toMatchObject({ ok: true, page: { limit: 1 } });
    expect(parsePage(params("limit=100"), 1)).toMatchObject({ ok: true, page: { limit: 100 } });
  });

  it.each(["0", "101", "-1", "1.5", "abc", "", "1e2", " 5"])("refuses limit=%j with details", (limit) => {
    const result = parsePage(params(`limit=${encodeURIComponent(limit)}`), 1);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.details.limit?.length).toBe(1);
  });

  it("reports a bad limit and a bad cursor together", () => {
    const result = parsePage(params("limit=0&cursor=%%%"), 1);
    expect(result).toEqual({ ok: false, details: { limit: [expect.any(String)], cursor: [expect.any(String)] } });
  });

  it("lets a list veto keys that decode but are not its own", () => {
    const cursor = encodeCursor(["yesterday", "id"]);
    expect(parsePage(params(`cursor=${cursor}`), 2, () => false).ok).toBe(false);
    expect(parsePage(params(`cursor=${cursor}`), 2)).toEqual({ ok: true, page: { limit: 50, after: ["yesterday", "id"] } });
  });

  it("refuses repeated parameters", () => {
    expect(parsePage(params("limit=1&limit=2"), 1).ok).toBe(false);
  });
});

describe("finishPage", () => {
  it("points the cursor at the last returned row only when more exist", () => {
    const rows = [{ k: "a" }, { k: "b" }, { k: "c" }];
    const more = finishPage(rows, 2, (r) => [r.k]);
    expect(more.items).toEqual([{ k: "a" }, { k: "b" }]);
    expect(decodeCursor(more.next_cursor!, 1)).toEqual(["b"]);
    expect(finishPage(rows, 3, (r) => [r.k]).next_cursor).toBeNull();
    expect(finishPage([], 3, (r: { k: string }) => [r.k])).toEqual({ items: [], next_cursor: null });
  });
});
