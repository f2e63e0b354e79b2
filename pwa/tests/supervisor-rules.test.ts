import { describe, expect, it } from "vitest";
import { actionsFor, editableIn } from "../src/supervisor/actions";
import type { Order } from "../src/supervisor/api";
import { readFilters, writeFilters } from "../src/supervisor/filters";
import { splitDetail } from "../src/supervisor/problem";
import { lineProgress } from "../src/supervisor/progress";

function order(fields: Partial<Order>): Order {
  return {
    id: 1, number: "1000", status: "draft", hold_reason: null, held_from: null, payment_state: "unpaid",
    lines: [], backorders: [], ...fields,
  } as Order;
}

describe("order actions", () => {
  it("offers what each status allows", () => {
    expect(actionsFor(order({ status: "draft" }))).toEqual(["confirm", "payments", "hold", "cancel"]);
    expect(actionsFor(order({ status: "ready_for_picking", payment_state: "paid" }))).toEqual(["hold", "cancel"]);
    expect(actionsFor(order({ status: "on_hold", hold_reason: "manual", payment_state: "paid" }))).toEqual(["release", "cancel"]);
    expect(actionsFor(order({ status: "on_hold", hold_reason: "backorder", payment_state: "paid" }))).toEqual([
      "release", "split-backorder", "cancel",
    ]);
    expect(actionsFor(order({ status: "completed", payment_state: "paid" }))).toEqual([]);
    expect(actionsFor(order({ status: "cancelled" }))).toEqual([]);
  });

  it("follows the edit table", () => {
    expect(editableIn("on_hold")).toEqual({ lines: true, shipDate: true, notes: true });
    expect(editableIn("ready_for_picking")).toEqual({ lines: false, shipDate: true, notes: true });
    expect(editableIn("ready_for_shipping")).toEqual({ lines: false, shipDate: false, notes: true });
    expect(editableIn("completed")).toEqual({ lines: false, shipDate: false, notes: false });
    // Held from the floor: picked units in a tote or parcel, the lines stay; held earlier, they change.
    expect(editableIn("on_hold", "picking")).toEqual({ lines: false, shipDate: true, notes: true });
    expect(editableIn("on_hold", "ready_for_shipping")).toEqual({ lines: false, shipDate: true, notes: true });
    expect(editableIn("on_hold", "ready_for_picking")).toEqual({ lines: true, shipDate: true, notes: true });
  });
});

describe("refusals", () => {
  it("splits the reason from the advice", () => {
    expect(splitDetail("An order in status picking cannot change its lines: put the order on hold to change its lines.")).toEqual({
      reason: "An order in status picking cannot change its lines",
      advice: "Put the order on hold to change its lines.",
    });
  });

  it("keeps a field path with its message", () => {
    const detail = "shipping_address.country: an address needs a country";
    expect(splitDetail(detail)).toEqual({ reason: detail, advice: null });
    expect(splitDetail("lines[0].sku: no product with SKU X")).toEqual({ reason: "lines[0].sku: no product with SKU X", advice: null });
    expect(splitDetail("Nothing to say")).toEqual({ reason: "Nothing to say", advice: null });
  });
});

describe("list filters in the address", () => {
  it("round-trips and drops empty values", () => {
    const filters = readFilters("?status=on_hold&hold_reason=backorder&q=%20curie%20&tag=&page=2");
    expect(filters).toEqual({ status: "on_hold", hold_reason: "backorder", q: "curie" });
    expect(writeFilters(filters)).toBe("?status=on_hold&hold_reason=backorder&q=curie");
    expect(writeFilters({})).toBe("");
  });

  it("narrows a hold reason to held orders", () => {
    expect(readFilters("?hold_reason=scheduled")).toEqual({ status: "on_hold", hold_reason: "scheduled" });
  });
});

describe("line progress", () => {
  const line = (id: number, product_id: number, quantity: number) =>
    ({ id, line_no: id, product_id, sku: `P${product_id}`, name: "", quantity, unit_price: "0.00", allocated: 0 });

  it("counts backordered units per product over every backorder", () => {
    const parent = order({ status: "ready_for_picking", lines: [line(1, 10, 2), line(2, 11, 5)] });
    const bo1 = order({ id: 2, lines: [line(3, 10, 3)] });
    const bo2 = order({ id: 3, lines: [line(4, 10, 1), line(5, 11, 4)] });
    const result = lineProgress(parent, [bo1, bo2]);
    expect(result.get(1)).toEqual({ picked: 0, packed: 0, backordered: 4 });
    expect(result.get(2)).toEqual({ picked: 0, packed: 0, backordered: 4 });
  });

  it("takes picked and packed from the step the order stands on, held or not", () => {
    const packing = order({ status: "on_hold", held_from: "ready_for_packing", lines: [line(1, 10, 2)] });
    expect(lineProgress(packing, []).get(1)).toEqual({ picked: 2, packed: 0, backordered: 0 });
    const picking = order({ status: "picking", lines: [line(1, 10, 2)] });
    expect(lineProgress(picking, []).get(1)).toEqual({ picked: null, packed: 0, backordered: 0 });
    const shipped = order({ status: "completed", lines: [line(1, 10, 2)] });
    expect(lineProgress(shipped, []).get(1)).toEqual({ picked: 2, packed: 2, backordered: 0 });
  });
});
