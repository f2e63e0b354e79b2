import { describe, expect, it } from "vitest";
import { grams, lineDone, ordered, unitsLeft } from "../src/packer/lines";
import type { PackSession } from "../src/packer/types";

const product = (id: number, name: string) => ({ id, sku: name.toUpperCase(), name });

const session: PackSession = {
  id: 1, order_id: 5, order_number: "SF-5", tote_code: "T1", state: "open", complete: false,
  lines: [
    { product: product(1, "Mug"), expected: 2, packed: 2 },
    { product: product(2, "Bowl"), expected: 3, packed: 1 },
  ],
};

describe("packing lines", () => {
  it("ticks a line off when every unit is scanned", () => {
    expect(session.lines.map(lineDone)).toEqual([true, false]);
  });

  it("counts the units still to scan", () => {
    // Bowl: 3 expected, 1 packed.
    expect(unitsLeft(session)).toBe(2);
  });

  it("puts the lines still to scan on top", () => {
    expect(ordered(session).map((l) => l.product.name)).toEqual(["Bowl", "Mug"]);
  });

  it("takes the weight in whole grams, 1 to 70,000", () => {
    expect(grams(" 850 ")).toBe(850);
    expect(grams("1")).toBe(1);
    expect(grams("70000")).toBe(70000);
    expect(grams("70001")).toBeNull();
    expect(grams("0")).toBeNull();
    expect(grams("8.5")).toBeNull();
    expect(grams("")).toBeNull();
    expect(grams("12a")).toBeNull();
  });
});
