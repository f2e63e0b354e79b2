/** `/api/stock`: levels, receipts with their preview, adjustments. */

import { api } from "../api/client";
import { query, sup } from "./api";

export interface Level {
  stock_level_id: number;
  location: string;
  on_hand: number;
  allocated: number;
  available: number;
}

export interface ProductStock {
  product_id: number;
  sku: string;
  name: string;
  on_hand: number;
  allocated: number;
  available: number;
  levels: Level[];
}

export interface Preview {
  sku: string;
  quantity: number;
  units_used: number;
  orders: { position: number; id: number; number: string; units: number }[];
}

export interface Booked {
  levels: Level[];
  released: { id: number; number: string }[];
}

export const ADJUSTMENT_REASONS = ["cycle_count", "damage", "found", "return", "correction"] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export const stock = {
  list: (sku?: string) => api.get<ProductStock[]>(`/api/stock${query({ sku, limit: 200 })}`),
  preview: (sku: string, quantity: number, location?: string) =>
    api.get<Preview>(`/api/stock/receipts/preview${query({ sku, quantity, location })}`),
  receive: (body: object) => api.post<Booked>("/api/stock/receipts", body),
  adjust: (body: object) => api.post<Booked>("/api/stock/adjustments", body),
  isLocation: async (code: string) => {
    const page = await api.get<{ items: { code: string }[] }>(`/api/locations${query({ prefix: code, limit: 1 })}`);
    return page.items.some((item) => item.code === code);
  },
  /** The SKU of a scanned or typed product code: a SKU itself or one of its barcodes. */
  skuFor: async (code: string) => {
    const page = await sup.products(code);
    const hit = page.items.find((p) => p.sku === code || p.barcodes.some((b) => b.code.endsWith(code)));
    return hit?.sku ?? null;
  },
};
