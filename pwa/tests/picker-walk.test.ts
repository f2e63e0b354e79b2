import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { OfflineQueue, type QueuedRequest } from "../src/queue/offline-queue";
import type { Batch, Stop } from "../src/picker/types";
import { aisleOf, batchIdOf, currentStop, metresLeft, pendingScans, stopAfter, tally } from "../src/picker/walk";

function stop(id: number, location: string, state = "open", picked = 0): Stop {
  return {
    id, seq: id, location, location_words: `${location} · aisle ${location.slice(0, 4)}, left, level 1`,
    product: { id: id * 10, sku: `SKU${id}`, name: `Product ${id}` }, quantity: 2, picked, state, tasks: [],
  };
}

// Four stops, the first done; 120 m of route; 8 units of which 2 picked.
const batch: Batch = {
  id: 7, code: "B7", status: "picking", route_length_m: 120, units_total: 8, units_picked: 2, totes: [],
  stops: [stop(1, "A-01-02-A", "done", 2), stop(2, "A-02-03-A"), stop(3, "A-02-05-B"), stop(4, "A-04-05-B")],
};

describe("stop progression", () => {
  it("shows the first open stop when the server has not named one", () => {
    expect(currentStop(batch, null)?.id).toBe(2);
  });

  it("follows the stop the server's instruction names", () => {
    expect(currentStop(batch, { action: "scan_product", stop_id: 3 })?.id).toBe(3);
  });

  it("ignores an instruction naming a stop that is done", () => {
    expect(currentStop(batch, { action: "scan_location", stop_id: 1 })?.id).toBe(2);
  });

  it("has no stop once every stop is done", () => {
    const done = { ...batch, stops: batch.stops.map((s) => ({ ...s, state: "done" })) };
    expect(currentStop(done, null)).toBeNull();
  });

  it("names the next stop and nothing after the last", () => {
    expect(stopAfter(batch, batch.stops[1]!)?.id).toBe(3);
    expect(stopAfter(batch, batch.stops[3]!)).toBeNull();
  });

  it("reads the aisle from the words, or from the code", () => {
    expect(aisleOf(batch.stops[2]!)).toBe("A-02");
    expect(aisleOf({ ...batch.stops[2]!, location_words: "A-02-05-B" })).toBe("A-02");
  });

  it("counts units and stops, and shares the route's metres over the stops left", () => {
    expect(tally(batch)).toEqual({ picked: 2, total: 8, stopsDone: 1, stopsTotal: 4 });
    // 3 of 4 stops left: 120 × 3 / 4.
    expect(metresLeft(batch)).toBe(90);
    expect(metresLeft({ ...batch, stops: [] })).toBe(0);
  });
});

describe("pending scans of the batch", () => {
  it("keeps this batch's unanswered scans in the order they were made", async () => {
    let n = 0;
    const queue = new OfflineQueue({
      dbName: "picker-pending", send: async () => ({ outcome: "retry", reason: "offline" }),
      owner: () => "picker", newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
    });
    await queue.enqueue("/api/pick-batches/7/scans", { code: "LOC" }, { label: "LOC" });
    await queue.enqueue("/api/pick-batches/8/scans", { code: "OTHER" }, { label: "OTHER" });
    await queue.enqueue("/api/pick-batches/7/stops/2/short", { found: 0 }, { label: "short 0" });
    await queue.enqueue("/api/pick-batches/7/scans", { code: "GTIN" }, { label: "GTIN" });
    const items: QueuedRequest[] = await queue.list();
    const rejected = { ...items[0]!, id: "x", state: "rejected" as const };
    expect(pendingScans(7, [...items, rejected]).map((i) => i.label)).toEqual(["LOC", "GTIN"]);
    await queue.close();
  });
});

describe("pick-list barcode", () => {
  it("names its batch", () => {
    expect(batchIdOf("BAT-17-X")).toBe(17);
    expect(batchIdOf("]C0bat-204-9")).toBe(204);
  });

  it("is no other code", () => {
    expect(batchIdOf("TOT-T1-4")).toBeNull();
    expect(batchIdOf("BAT-17")).toBeNull();
    expect(batchIdOf("08712345000011")).toBeNull();
  });
});
