import { describe, expect, it } from "vitest";
import { isLookupsBusy, lookupGate } from "./lookups";

/** A lookup that ends when the test says so. */
function pending() {
  let end!: () => void;
  const done = new Promise<void>((resolve) => (end = resolve));
  return { done, end };
}

describe("the lane for unfamiliar lookups", () => {
  it("runs at most `concurrency` at once, queues up to `queue`, and refuses the rest at once", async () => {
    let shed = 0;
    const gate = lookupGate(2, 3, () => shed++);
    let running = 0;
    let peak = 0;
    const works = Array.from({ length: 8 }, () => pending());
    const outcomes = works.map((w, i) =>
      gate(async () => {
        running++;
        peak = Math.max(peak, running);
        await w.done;
        running--;
        return i;
      }).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, busy: isLookupsBusy(error) }),
      ),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(running).toBe(2);
    for (const w of works) w.end();
    const settled = await Promise.all(outcomes);
    expect(settled.slice(0, 5).map((s) => s.ok && s.value)).toEqual([0, 1, 2, 3, 4]);
    expect(settled.slice(5)).toEqual([
      { ok: false, busy: true },
      { ok: false, busy: true },
      { ok: false, busy: true },
    ]);
    expect(shed).toBe(3);
    expect(peak).toBe(2);
    // Once the lane drains, it takes work again.
    expect(await gate(async () => "again")).toBe("again");
  });

  it("with concurrency 0 is no lane at all", async () => {
    const gate = lookupGate(0, 0);
    const works = Array.from({ length: 50 }, () => pending());
    let running = 0;
    const all = works.map((w) =>
      gate(async () => {
        running++;
        await w.done;
      }),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(running).toBe(50);
    for (const w of works) w.end();
    await Promise.all(all);
  });
});
