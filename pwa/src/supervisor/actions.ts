/** Which order actions and edits a status allows, mirroring the API's tables (DESIGN.md). */

import type { Order, OrderAction, Status } from "./api";

const CLOSED: Status[] = ["completed", "cancelled"];
const HOLDABLE: Status[] = ["draft", "awaiting_payment", "ready_for_picking", "picking", "ready_for_packing", "ready_for_shipping"];
const LINES_EDITABLE: Status[] = ["draft", "awaiting_payment", "on_hold"];
const DATE_EDITABLE: Status[] = [...LINES_EDITABLE, "ready_for_picking"];
const NOTES_EDITABLE: Status[] = [...DATE_EDITABLE, "picking", "ready_for_packing", "ready_for_shipping"];

/**
 * The actions offered as buttons. The server has the last word (a stale screen can offer one
 * that is refused, and the refusal is shown); this only keeps actions that can never succeed
 * off the screen.
 */
export function actionsFor(order: Pick<Order, "status" | "hold_reason" | "payment_state">): OrderAction[] {
  const { status } = order;
  if (CLOSED.includes(status)) return [];
  const actions: OrderAction[] = [];
  if (status === "draft") actions.push("confirm");
  if (order.payment_state !== "paid") actions.push("payments");
  if (HOLDABLE.includes(status)) actions.push("hold");
  if (status === "on_hold") actions.push("release");
  if (status === "on_hold" && order.hold_reason === "backorder") actions.push("split-backorder");
  actions.push("cancel");
  return actions;
}

export interface Editable {
  lines: boolean;
  shipDate: boolean;
  notes: boolean;
}

const FLOOR: Status[] = ["picking", "ready_for_packing", "ready_for_shipping"];

/** Held from the floor: its units are picked (in a tote or a packed parcel), so its lines stay
 * as they are (the API answers 409 ``lines_locked_after_picking``). */
export function linesLocked(status: Status, heldFrom: Status | null = null): boolean {
  return status === "on_hold" && heldFrom !== null && FLOOR.includes(heldFrom);
}

export function editableIn(status: Status, heldFrom: Status | null = null): Editable {
  return {
    lines: LINES_EDITABLE.includes(status) && !linesLocked(status, heldFrom),
    shipDate: DATE_EDITABLE.includes(status),
    notes: NOTES_EDITABLE.includes(status),
  };
}
