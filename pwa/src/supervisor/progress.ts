/** Per-line figures of the order detail that the order itself does not carry. */

import type { Order, Status } from "./api";

const PICKED: Status[] = ["ready_for_packing", "ready_for_shipping", "completed"];
const PACKED: Status[] = ["ready_for_shipping", "completed"];

/** Where the order stands on the floor: a held order stands where it was held. */
function floorStatus(order: Pick<Order, "status" | "held_from">): Status {
  return order.status === "on_hold" && order.held_from ? order.held_from : order.status;
}

export interface LineProgress {
  picked: number | null;
  packed: number | null;
  backordered: number;
}

/**
 * Picked and packed units follow from the order's step (every unit is picked before it moves
 * to packing, every unit packed before shipping); while picking the count is the batch's, and
 * null here. Backordered units are the quantities of the same product in the backorders.
 */
export function lineProgress(order: Order, backorders: Order[]): Map<number, LineProgress> {
  const step = floorStatus(order);
  const moved = new Map<number, number>();
  for (const child of backorders) {
    for (const line of child.lines) moved.set(line.product_id, (moved.get(line.product_id) ?? 0) + line.quantity);
  }
  const result = new Map<number, LineProgress>();
  for (const line of order.lines) {
    const backordered = moved.get(line.product_id) ?? 0;
    moved.delete(line.product_id);
    result.set(line.id, {
      picked: PICKED.includes(step) ? line.quantity : step === "picking" ? null : 0,
      packed: PACKED.includes(step) ? line.quantity : 0,
      backordered,
    });
  }
  return result;
}
