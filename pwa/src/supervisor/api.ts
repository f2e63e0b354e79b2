/** The order, dashboard and catalogue shapes the supervisor screens read, and their calls. */

import { api } from "../api/client";

export const STATUSES = [
  "draft",
  "awaiting_payment",
  "on_hold",
  "ready_for_picking",
  "picking",
  "ready_for_packing",
  "ready_for_shipping",
  "completed",
  "cancelled",
] as const;
export type Status = (typeof STATUSES)[number];
export const HOLD_REASONS = ["manual", "scheduled", "backorder"] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];
export const CHANNELS = ["manual", "woocommerce", "magento", "lightspeed", "shopify", "api"] as const;

export interface OrderRef {
  id: number;
  number: string;
  status: Status;
}

export interface Address {
  name?: string | null;
  country?: string | null;
  company?: string | null;
  street?: string | null;
  postal_code?: string | null;
  city?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface Line {
  id: number;
  line_no: number;
  product_id: number;
  sku: string;
  name: string;
  quantity: number;
  unit_price: string;
  allocated: number;
}

export interface Order {
  id: number;
  number: string;
  status: Status;
  hold_reason: HoldReason | null;
  held_from: Status | null;
  origin: { channel: string; external_number: string | null; created_by: string | null };
  customer: { id: number; name: string; email: string | null; company: string | null };
  shipping_address: Address;
  lines: Line[];
  requested_ship_date: string | null;
  payment_state: "paid" | "unpaid";
  currency: string;
  total_amount: string;
  amount_paid: string;
  total_weight_grams: number;
  priority: number;
  tags: string[];
  notes: string | null;
  backorder_policy: "hold" | "split";
  backorder_count: number;
  parent: OrderRef | null;
  backorders: OrderRef[];
  shipping: { method_id: number | null; method_code: string | null; source: string | null; rule_id: number | null };
  version: number;
  created_at: string;
}

export interface OrderSummary {
  id: number;
  number: string;
  status: Status;
  hold_reason: HoldReason | null;
  channel: string;
  customer_name: string;
  ship_country: string;
  requested_ship_date: string | null;
  payment_state: string;
  currency: string;
  total_amount: string;
  tags: string[];
  line_count: number;
  backorder_count: number;
}

export interface OrderPage {
  items: OrderSummary[];
  total: number;
  counts: Record<Status, number>;
}

export interface OrderEvent {
  id: number;
  kind: string;
  from_status: Status | null;
  to_status: Status | null;
  hold_reason: HoldReason | null;
  actor: string;
  message: string | null;
  created_at: string;
}

export interface Dashboard {
  today: string;
  by_status: Record<Status, number>;
  on_hold: Record<HoldReason, number>;
  due_today: number;
  late: number;
  releasing_tomorrow: number;
  backorders_waiting: number;
  stock_arrived_today: number;
}

export interface CustomerHit {
  id: number;
  name: string;
  email: string | null;
  company: string | null;
  city: string | null;
  country: string | null;
}

export interface Product {
  id: number;
  sku: string;
  name: string;
  weight_grams: number | null;
  barcodes: { code: string; kind: string }[];
}

export interface ShippingMethod {
  id: number;
  code: string;
  name: string;
  active: boolean;
}

export interface ShippingRule {
  id: number;
  name: string;
}

export interface ShippingPreview {
  rule_id: number | null;
  rule_name: string | null;
  method_code: string | null;
  method_name: string | null;
}

export type OrderAction = "confirm" | "payments" | "hold" | "release" | "cancel" | "split-backorder";

export function query(params: Record<string, string | number | undefined | null | string[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) for (const item of value) search.append(key, item);
    else if (value !== undefined && value !== null && value !== "") search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export const sup = {
  dashboard: () => api.get<Dashboard>("/api/dashboard"),
  orders: (filters: Record<string, string | undefined>) => api.get<OrderPage>(`/api/orders${query({ ...filters, limit: 100 })}`),
  order: (id: number) => api.get<Order>(`/api/orders/${id}`),
  events: (id: number) => api.get<OrderEvent[]>(`/api/orders/${id}/events`),
  act: (id: number, action: OrderAction, body: object = {}) => api.post<Order>(`/api/orders/${id}/${action}`, body),
  patch: (id: number, body: object) => api.patch<Order>(`/api/orders/${id}`, body),
  /** `key` goes out as `Idempotency-Key`: the same key again gets the first answer, and the
   * order is made once. */
  create: (body: object, key: string) => api.post<Order>("/api/orders", body, { headers: { "Idempotency-Key": key } }),
  customers: (q: string) => api.get<CustomerHit[]>(`/api/customers${query({ q })}`),
  products: (q: string) => api.get<{ items: Product[] }>(`/api/products${query({ q, limit: 8 })}`),
  methods: () => api.get<ShippingMethod[]>("/api/shipping-methods"),
  rule: (id: number) => api.get<ShippingRule>(`/api/shipping-rules/${id}`),
  preview: (facts: Record<string, string | number | string[]>) =>
    api.get<ShippingPreview>(`/api/shipping-preview${query(facts)}`),
};
