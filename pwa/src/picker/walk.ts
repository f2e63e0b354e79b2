/**
 * Where the picker is in the batch, worked out from the batch as last fetched and the scans
 * still waiting in the queue. Pure, so it can be tested without a browser.
 */

import type { QueuedRequest } from "../queue/offline-queue";
import type { Batch, Instruction, Stop } from "./types";

export function scansUrl(batchId: number): string {
  return `/api/pick-batches/${batchId}/scans`;
}

function openStops(batch: Batch): Stop[] {
  return batch.stops.filter((s) => s.state === "open");
}

/**
 * The stop to show: the one the server's last instruction names when it is still open (the
 * server decides the order), else the first open stop in route order.
 */
export function currentStop(batch: Batch, next: Instruction | null): Stop | null {
  const open = openStops(batch);
  return open.find((s) => s.id === next?.stop_id) ?? open[0] ?? null;
}

export function stopAfter(batch: Batch, stop: Stop): Stop | null {
  const open = openStops(batch);
  return open[open.findIndex((s) => s.id === stop.id) + 1] ?? null;
}

/** "aisle A02, left, level 1" → "A02"; the code's first part when the words name no aisle. */
export function aisleOf(stop: Stop): string {
  const said = /aisle ([^,·\s]+)/.exec(stop.location_words);
  return said ? said[1] : stop.location.split("-").slice(0, 2).join("-");
}

export interface Tally {
  picked: number;
  total: number;
  stopsDone: number;
  stopsTotal: number;
}

export function tally(batch: Batch): Tally {
  return {
    picked: batch.units_picked,
    total: batch.units_total,
    stopsDone: batch.stops.filter((s) => s.state !== "open").length,
    stopsTotal: batch.stops.length,
  };
}

/**
 * Metres still to walk, shared out over the stops: the route's length times the part of the
 * stops not done yet. The API gives the route's length, not each leg's.
 */
export function metresLeft(batch: Batch): number {
  const { stopsDone, stopsTotal } = tally(batch);
  if (stopsTotal === 0) return 0;
  return Math.round((batch.route_length_m * (stopsTotal - stopsDone)) / stopsTotal);
}

/** This batch's scans not answered yet, oldest first. */
export function pendingScans(batchId: number, items: readonly QueuedRequest[]): QueuedRequest[] {
  const url = scansUrl(batchId);
  return items.filter((item) => item.url === url && item.state === "pending");
}

/** The batch a pick-list barcode names (`BAT-17-X`: prefix, id, check character); the server
 * checks the rest when the batch is fetched. Prefixes of a wedge (AIM `]C0`) are allowed. */
export function batchIdOf(raw: string): number | null {
  const found = /(?:^|\])(?:[A-Za-z]\d)?BAT-(\d{1,9})-[0-9A-Z]$/i.exec(raw.trim());
  return found ? Number(found[1]) : null;
}
