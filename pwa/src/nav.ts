/**
 * The screens and who sees them. A screen for a new part of the job (the picker's batch, the
 * packer's station, the supervisor's desk) is one entry here plus its component.
 */

import type { MessageKey } from "./i18n";
import type { Role } from "./auth/session";

export interface NavEntry {
  path: string;
  label: MessageKey;
  /** Roles that see the entry; `admin` sees every entry. Empty: every logged-in user. */
  roles: Role[];
}

export const NAV: NavEntry[] = [
  { path: "/pick", label: "nav.pick", roles: ["picker", "supervisor"] },
  { path: "/pack", label: "nav.pack", roles: ["packer", "supervisor"] },
  { path: "/floor", label: "nav.supervise", roles: ["supervisor"] },
  { path: "/orders", label: "sup.nav.orders", roles: ["supervisor"] },
  { path: "/orders/new", label: "sup.nav.newOrder", roles: ["supervisor"] },
  { path: "/stock", label: "sup.nav.stock", roles: ["supervisor"] },
  { path: "/batches", label: "sup.nav.batches", roles: ["supervisor"] },
  { path: "/shipping-rules", label: "sup.nav.rules", roles: ["supervisor"] },
  { path: "/admin", label: "nav.admin", roles: ["admin"] },
  { path: "/scans", label: "nav.scans", roles: [] },
  { path: "/settings", label: "nav.settings", roles: [] },
];

export function entriesFor(roles: readonly Role[]): NavEntry[] {
  const admin = roles.includes("admin");
  return NAV.filter((entry) => admin || entry.roles.length === 0 || entry.roles.some((r) => roles.includes(r)));
}

/** Where a user lands after logging in: the first job of their first role. */
export function homeFor(roles: readonly Role[]): string {
  if (roles.includes("admin") || roles.includes("supervisor")) return "/";
  if (roles.includes("picker")) return "/pick";
  if (roles.includes("packer")) return "/pack";
  return "/";
}
