import { describe, expect, it } from "vitest";
import { inSlices, SQLITE_MAX_PARAMETERS } from "./chunks";

describe("inSlices", () => {
  it("keeps every item, in order, and each slice's parameters under SQLite's limit", () => {
    const items = Array.from({ length: 2_501 }, (_, i) => i);
    for (const perItem of [1, 2, 7]) {
      const slices = inSlices(items, perItem);
      expect(slices.flat()).toEqual(items);
      for (const slice of slices) expect(slice.length * perItem).toBeLessThan(SQLITE_MAX_PARAMETERS);
      expect(slices.length).toBe(Math.ceil(items.length / Math.floor((SQLITE_MAX_PARAMETERS - 99) / perItem)));
    }
    expect(inSlices([])).toEqual([]);
  });
});
