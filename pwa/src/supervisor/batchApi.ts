/** `/api/pick-batches`: cart proposals, creating a batch of chosen orders, giving it to a picker, its
 * route drawing and pick list. */

import { api } from "../api/client";
import { session } from "../auth/session";

export interface Batch {
  id: number;
  code: string;
  status: string;
  picker_id: number | null;
  picker: string | null;
  assigned_picker_id: number | null;
  assigned_picker: string | null;
  walked_m: number;
  route_method: string | null;
  route_length_m: number;
  code_order_length_m: number;
  saved_m: number;
  units_total: number;
  units_picked: number;
  totes: { position: number; order_id: number; order_number: string | null }[];
  stops: { id: number; seq: number; location: string; product: { sku: string; name: string }; quantity: number }[];
}

/** A proposed cart, not created yet: create it with `batches.create(order_ids)`. Metres. */
export interface Proposal {
  token: string;
  order_ids: number[];
  orders: { id: number; number: string | null; customer_name: string | null; units: number }[];
  stops: number;
  units: number;
  route_method: string;
  route_length_m: number;
  code_order_length_m: number;
  saved_m: number;
}

export interface Proposals {
  totes: number;
  carts: Proposal[];
  skipped: { id: number; code: string; status: string | null }[];
  waiting: number;
}

export interface Picker {
  id: number;
  username: string;
  display_name: string;
  batch_id: number | null;
  /** A batch given to them (or made for them by `next`) that they have not started; absent when none. */
  assigned_batch_id?: number;
}

export const batches = {
  create: (orderIds: number[]) => api.post<Batch>("/api/pick-batches", { order_ids: orderIds }),
  get: (id: number) => api.get<Batch>(`/api/pick-batches/${id}`),
  propose: (orderIds: number[] | null, totes: number | null) =>
    api.post<Proposals>("/api/pick-batches/proposals", {
      ...(orderIds && orderIds.length ? { order_ids: orderIds } : {}),
      ...(totes ? { totes } : {}),
    }),
  pickers: () => api.get<Picker[]>("/api/pick-batches/pickers"),
  assign: (id: number, pickerId: number | null, force = false) =>
    api.put<Batch>(`/api/pick-batches/${id}/picker`, { picker_id: pickerId, force }),
};

/**
 * The route drawing and the pick list need the bearer token, which an `<img>` or a link cannot
 * send: they are fetched here and shown from a blob URL (an image from a blob runs no script).
 */
export async function authorisedBlobUrl(path: string): Promise<string> {
  const token = session.token();
  const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {}, cache: "no-store" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return URL.createObjectURL(await response.blob());
}
