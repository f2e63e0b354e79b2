/** Order entry without a screen: the form's state, turned into the API's order body. */

import type { CustomerHit, Product } from "./api";

export interface NewCustomer {
  name: string;
  email: string;
  street: string;
  postal_code: string;
  city: string;
  country: string;
}

export type CustomerChoice = { kind: "existing"; hit: CustomerHit } | { kind: "new"; data: NewCustomer } | null;

export interface NewProduct {
  sku: string;
  name: string;
  gtin: string;
  weight_grams: string;
}

export interface EntryLine {
  key: number;
  product: Product | null;
  newProduct: NewProduct | null;
  quantity: number;
  unitPrice: string;
}

export interface EntryForm {
  customer: CustomerChoice;
  lines: EntryLine[];
  shipDate: string;
  /** "rules" hands the choice to the shipping rules; otherwise a method id. */
  method: "rules" | number;
  tags: string;
  notes: string;
  backorderPolicy: "hold" | "split";
  paid: boolean;
  confirm: boolean;
}

export const EMPTY_CUSTOMER: NewCustomer = { name: "", email: "", street: "", postal_code: "", city: "", country: "" };

export function emptyForm(): EntryForm {
  return {
    customer: null, lines: [], shipDate: "", method: "rules", tags: "", notes: "",
    backorderPolicy: "hold", paid: false, confirm: true,
  };
}

/** As the server normalises them: trimmed, lower case, each once, in the order typed. */
export function parseTags(text: string): string[] {
  const seen: string[] = [];
  for (const part of text.split(",")) {
    const tag = part.trim().toLowerCase();
    if (tag && !seen.includes(tag)) seen.push(tag);
  }
  return seen;
}

/** Integer cents of a typed price ("12,5" and "12.50" both 1250); null when not a price. */
export function cents(text: string): number | null {
  const clean = text.trim().replace(",", ".");
  if (clean === "") return 0;
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(clean)) return null;
  const [whole, fraction = ""] = clean.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

export function formatCents(value: number): string {
  return `${Math.floor(value / 100)}.${String(value % 100).padStart(2, "0")}`;
}

let nextKey = 1;

/** A product scanned or chosen again adds one to its line instead of a second line. */
export function addProduct(lines: EntryLine[], product: Product): EntryLine[] {
  const index = lines.findIndex((line) => line.product?.id === product.id);
  if (index >= 0) return lines.map((line, i) => (i === index ? { ...line, quantity: line.quantity + 1 } : line));
  return [...lines, { key: nextKey++, product, newProduct: null, quantity: 1, unitPrice: "0" }];
}

export function addNewProduct(lines: EntryLine[], product: NewProduct): EntryLine[] {
  return [...lines, { key: nextKey++, product: null, newProduct: product, quantity: 1, unitPrice: "0" }];
}

function lineWeight(line: EntryLine): number {
  const grams = line.product ? (line.product.weight_grams ?? 0) : Number(line.newProduct?.weight_grams || 0);
  return line.quantity * (Number.isFinite(grams) ? grams : 0);
}

export function destination(form: EntryForm): string {
  if (form.customer?.kind === "existing") return form.customer.hit.country ?? "";
  if (form.customer?.kind === "new") return form.customer.data.country.trim().toUpperCase();
  return "";
}

/** What the shipping rules look at, as the server computes it from the order; null while the
 * destination is not known yet. */
export function ruleFacts(form: EntryForm): Record<string, string | number | string[]> | null {
  const country = destination(form);
  if (!/^[A-Z]{2}$/.test(country)) return null;
  let value = 0;
  for (const line of form.lines) value += line.quantity * (cents(line.unitPrice) ?? 0);
  return {
    country,
    weight_grams: form.lines.reduce((sum, line) => sum + lineWeight(line), 0),
    value: formatCents(value),
    currency: "EUR",
    channel: "manual",
    tag: parseTags(form.tags),
  };
}

function optional(text: string): string | undefined {
  const clean = text.trim();
  return clean === "" ? undefined : clean;
}

/** The body of `POST /api/orders`; the server checks everything again and names the field. */
export function orderBody(form: EntryForm): Record<string, unknown> {
  const customer =
    form.customer?.kind === "existing"
      ? { id: form.customer.hit.id }
      : form.customer?.kind === "new"
        ? {
            name: optional(form.customer.data.name),
            email: optional(form.customer.data.email),
            address: {
              name: optional(form.customer.data.name),
              street: optional(form.customer.data.street),
              postal_code: optional(form.customer.data.postal_code),
              city: optional(form.customer.data.city),
              country: optional(form.customer.data.country.toUpperCase()),
            },
          }
        : {};
  const lines = form.lines.map((line) => {
    const price = formatCents(cents(line.unitPrice) ?? 0);
    if (line.product) return { product_id: line.product.id, quantity: line.quantity, unit_price: price };
    const p = line.newProduct!;
    return {
      quantity: line.quantity,
      unit_price: price,
      new_product: {
        sku: p.sku.trim(),
        name: p.name.trim(),
        gtin: optional(p.gtin),
        weight_grams: optional(p.weight_grams) === undefined ? undefined : Number(p.weight_grams),
      },
    };
  });
  return {
    customer,
    lines,
    requested_ship_date: optional(form.shipDate),
    shipping_method_id: form.method === "rules" ? undefined : form.method,
    tags: parseTags(form.tags),
    notes: optional(form.notes),
    backorder_policy: form.backorderPolicy,
    payment_state: form.paid ? "paid" : "unpaid",
    confirm: form.confirm,
  };
}

/** A scanned product code as the product search takes it: without the AIM symbology prefix
 * (`]E0`, `]C1` …) the scanner may put in front. */
export function searchableCode(raw: string): string {
  const code = raw.startsWith("]") && raw.length > 3 ? raw.slice(3) : raw;
  return code.replace(/[\x00-\x1f]/g, "").trim();
}
