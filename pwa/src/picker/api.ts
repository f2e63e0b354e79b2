import { api } from "../api/client";
import { post } from "../queue";
import { uuid4 } from "../queue/uuid";
import type { Batch } from "./types";
import { scansUrl } from "./walk";

export const nextBatch = () => api.post<Batch>("/api/pick-batches/next", {});
export const getBatch = (id: number) => api.get<Batch>(`/api/pick-batches/${id}`);
/** Tote barcodes in cart order; none: the server binds free totes. */
export const startBatch = (id: number, totes: string[]) =>
  api.post<Batch>(`/api/pick-batches/${id}/start`, totes.length ? { totes } : {});
export const routeUrl = (id: number) => `/api/pick-batches/${id}/route.svg`;

/** A scan goes through the offline queue: its UUID is both the body's `id` and the key. */
export function sendScan(batchId: number, raw: string, source: string, quantity?: number) {
  const id = uuid4();
  const body: Record<string, unknown> = { id, code: raw, source };
  if (quantity !== undefined && quantity > 1) body.quantity = quantity;
  return post(scansUrl(batchId), body, { id, label: raw });
}

export function sendSkip(batchId: number, stopId: number) {
  const id = uuid4();
  return post(`/api/pick-batches/${batchId}/stops/${stopId}/skip`, { id }, { id, label: "skip" });
}

export function sendShort(batchId: number, stopId: number, found: number) {
  const id = uuid4();
  return post(`/api/pick-batches/${batchId}/stops/${stopId}/short`, { id, found }, { id, label: `short ${found}` });
}
