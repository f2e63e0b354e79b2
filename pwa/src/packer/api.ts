import { api } from "../api/client";
import { post } from "../queue";
import { uuid4 } from "../queue/uuid";
import type { PackSession, Shipment } from "./types";

export const openSession = (code: string) => api.post<PackSession>("/api/packing/sessions", { code });
export const closeSession = (id: number, weight_grams: number, box: string) =>
  api.post<PackSession>(`/api/packing/sessions/${id}/close`, { weight_grams, box });
export const handOver = (id: number) => api.post<Shipment>(`/api/shipments/${id}/hand-over`, {});
export const getShipment = (id: number) => api.get<Shipment>(`/api/shipments/${id}`);

export function scansUrl(sessionId: number): string {
  return `/api/packing/sessions/${sessionId}/scans`;
}

/** A unit scan goes through the offline queue like the picker's: UUID in body and key. */
export function sendUnit(sessionId: number, raw: string, source: string) {
  const id = uuid4();
  return post(scansUrl(sessionId), { id, code: raw, source }, { id, label: raw });
}
