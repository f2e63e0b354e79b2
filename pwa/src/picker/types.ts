/** Shapes of the picking API (server/domain/picking/schemas.py). */

export interface Product {
  id: number;
  sku: string;
  name: string;
  image_url?: string | null;
}

export interface Tote {
  position: number;
  code: string | null;
  order_id: number;
  order_number: string | null;
  state: string;
  /** The text of the tote's label (`TOT-T017-1`); null before the start. */
  barcode?: string | null;
}

export interface Task {
  id: number;
  order_id: number;
  order_number: string | null;
  tote_position: number;
  tote_code: string | null;
  quantity: number;
  picked: number;
  tote_barcode?: string | null;
}

export interface Stop {
  id: number;
  seq: number;
  location: string;
  location_words: string;
  product: Product;
  quantity: number;
  picked: number;
  state: string;
  tasks: Task[];
  /** The text of the bin's label (`LOC-A-03-01-B-U`): what a typed entry must carry. */
  location_barcode?: string | null;
}

export interface Batch {
  id: number;
  code: string;
  status: "created" | "picking" | "closed";
  route_length_m: number;
  units_total: number;
  units_picked: number;
  totes: Tote[];
  stops: Stop[];
  /** The instruction to show: the current step while picking, `batch_done` once closed, null before the start. */
  next?: Instruction | null;
}

export interface Instruction {
  action: "scan_location" | "scan_product" | "scan_tote" | "set_tote_aside" | "batch_done";
  stop_id?: number;
  seq?: number;
  location?: string;
  location_barcode?: string;
  location_words?: string;
  product?: Product;
  quantity?: number;
  tote?: number;
  tote_code?: string;
  tote_barcode?: string;
  order_number?: string;
}

export interface Progress {
  stops_done: number;
  stops_total: number;
  units_picked: number;
  units_total: number;
  status: string;
}

/** An accepted scan (200) or a refusal (problem body with `code`); both carry `next`. */
export interface ScanAnswer {
  id: string;
  result?: string;
  code?: string;
  detail?: string;
  message?: string;
  next?: Instruction | null;
  progress?: Progress | null;
  replayed?: boolean;
}
