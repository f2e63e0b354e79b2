/** The supervisor's screens by path; the shell asks here for every path it does not know. */

import type { ComponentChildren } from "preact";
import { hasRole, session } from "../auth/session";
import { BatchPlanning } from "./BatchPlanning";
import { Dashboard } from "./Dashboard";
import { OrderDetail } from "./OrderDetail";
import { OrderEntry } from "./OrderEntry";
import { OrderList } from "./OrderList";
import { ShippingRules } from "./ShippingRules";
import { StockScreen } from "./StockScreen";
import "./supervisor.css";

export { Dashboard };

export function supervisorScreen(path: string): ComponentChildren | null {
  if (!hasRole(session.user(), "supervisor")) return null;
  if (path === "/orders") return <OrderList />;
  if (path === "/orders/new") return <OrderEntry />;
  if (path === "/stock") return <StockScreen />;
  if (path === "/batches") return <BatchPlanning />;
  if (path === "/shipping-rules") return <ShippingRules />;
  const detail = /^\/orders\/(\d{1,10})$/.exec(path);
  if (detail) return <OrderDetail key={detail[1]} id={Number(detail[1])} />;
  return null;
}
