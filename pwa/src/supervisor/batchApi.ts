/** `/api/pick-batches`: create a batch of chosen orders, its route drawing and pick list. */

import { api } from "../api/client";
import { session } from "../auth/session";

export interface Batch {
  id: number;
  code: string;
  status: string;
  route_method: string | null;
  route_length_m: number;
  code_order_length_m: number;
  saved_m: number;
  units_total: number;
  units_picked: number;
  totes: { position: number; order_id: number; order_number: string | null }[];
  stops: { id: number; seq: number; location: string; product: { sku: string; name: string }; quantity: number }[];
}

export const batches = {
  create: (orderIds: number[]) => api.post<Batch>("/api/pick-batches", { order_ids: orderIds }),
  get: (id: number) => api.get<Batch>(`/api/pick-batches/${id}`),
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
