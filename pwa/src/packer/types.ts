/** Shapes of the packing and shipment API (server/domain/packing, shipments). */
import type { Product } from "../picker/types";

export interface Line {
  product: Product;
  expected: number;
  packed: number;
}

export interface Shipment {
  id: number;
  order_id: number;
  carrier: string;
  tracking_number: string;
  weight_grams: number;
  box: string | null;
  status: string;
  label_zpl_url: string;
  label_pdf_url: string;
  packing_slip_url: string;
}

export interface PackSession {
  id: number;
  order_id: number;
  order_number: string | null;
  tote_code: string | null;
  state: "open" | "closed";
  lines: Line[];
  complete: boolean;
  shipment?: Shipment | null;
}
