/** `/api/users` as the admin screens use it. Secrets only go out; answers never carry them. */

import { api } from "../../api/client";
import type { Role } from "../../auth/session";
import { give } from "../../scan/feedback";
import { authorisedBlobUrl } from "../../supervisor/batchApi";
import { refusal } from "../../supervisor/problem";

export const ROLES: Role[] = ["picker", "packer", "supervisor", "admin"];

export interface AdminUser {
  id: number;
  username: string;
  display_name: string;
  roles: Role[];
  language: string;
  active: boolean;
  badge_code: string | null;
  has_password: boolean;
  has_pin: boolean;
  created_at: string;
}

export interface UserChanges {
  username?: string;
  display_name?: string;
  roles?: Role[];
  language?: string;
  active?: boolean;
  password?: string;
  pin?: string;
}

export type Shown = "active" | "inactive" | "all";

export const users = {
  list: (shown: Shown, q: string) => {
    const query = new URLSearchParams();
    if (shown !== "all") query.set("active", String(shown === "active"));
    if (q.trim()) query.set("q", q.trim());
    return api.get<AdminUser[]>(`/api/users?${query}`);
  },
  get: (id: number) => api.get<AdminUser>(`/api/users/${id}`),
  create: (body: UserChanges) => api.post<AdminUser>("/api/users", body),
  update: (id: number, body: UserChanges) => api.patch<AdminUser>(`/api/users/${id}`, body),
  issueBadge: (id: number) => api.post<AdminUser>(`/api/users/${id}/badge`),
};

/** Opens the badge labels of `ids` (A4 PDF) in a new tab; a refusal shows in the feedback bar. */
export async function printBadges(ids: number[]): Promise<void> {
  const path = ids.length === 1 ? `/api/users/${ids[0]}/badge-label.pdf` : `/api/users/badge-labels.pdf?ids=${ids.join(",")}`;
  try {
    window.open(await authorisedBlobUrl(path), "_blank");
  } catch (error) {
    give("bad", refusal(error).reason);
  }
}
