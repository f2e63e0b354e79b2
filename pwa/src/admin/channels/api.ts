/** `/api/channels`: the shops, their sync state, delivery log and push-back outbox. */

import { api } from "../../api/client";

export interface Channel {
  id: number;
  name: string;
  platform: string;
  shop_url: string;
  webhook_path: string;
  /** The full URL to enter in the shop's webhook settings. */
  webhook_url: string;
  has_credentials: boolean;
  has_webhook_secret: boolean;
  active: boolean;
  poll_interval_seconds: number;
  poll_cursor: string | null;
  last_poll_at: string | null;
  last_poll_error: string | null;
  last_error_at: string | null;
  next_sync_at: string | null;
  pushes_pending: number;
  pushes_failed: number;
  deliveries_rejected: number;
}

export interface Sync {
  ran: boolean;
  orders: number;
  outcomes: Record<string, number>;
  error: string | null;
}

export interface Delivery {
  id: number;
  source: string;
  topic: string | null;
  external_id: string | null;
  order_id: number | null;
  outcome: string;
  message: string | null;
  received_at: string;
}

export interface Push {
  id: number;
  order_id: number | null;
  kind: string;
  state: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
}

export const channels = {
  list: () => api.get<Channel[]>("/api/channels"),
  setActive: (id: number, active: boolean) => api.patch<Channel>(`/api/channels/${id}`, { active }),
  sync: (id: number) => api.post<Sync>(`/api/channels/${id}/sync`),
  deliveries: (id: number, limit = 5) => api.get<Delivery[]>(`/api/channels/${id}/deliveries?limit=${limit}`),
  failedPushes: (id: number) => api.get<Push[]>(`/api/channels/${id}/pushes?state=failed`),
  retry: (id: number, pushId: number) => api.post<Push>(`/api/channels/${id}/pushes/${pushId}/retry`),
};
