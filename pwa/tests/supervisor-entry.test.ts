import { describe, expect, it } from "vitest";
import type { Product } from "../src/supervisor/api";
import {
  addNewProduct,
  addProduct,
  cents,
  emptyForm,
  formatCents,
  orderBody,
  parseTags,
  ruleFacts,
  searchableCode,
  type EntryForm,
} from "../src/supervisor/entry";

const lamp: Product = { id: 7, sku: "LAMP", name: "Lamp", weight_grams: 1200, barcodes: [] };
const mug: Product = { id: 8, sku: "MUG", name: "Mug", weight_grams: null, barcodes: [] };

describe("order entry", () => {
  it("reads prices to the cent, with a comma or a point", () => {
    expect(cents("12.5")).toBe(1250);
    expect(cents("12,05")).toBe(1205);
    expect(cents(" 3 ")).toBe(300);
    expect(cents("")).toBe(0);
    expect(cents("1.234")).toBeNull();
    expect(cents("-1")).toBeNull();
    expect(cents("abc")).toBeNull();
    expect(formatCents(1205)).toBe("12.05");
    expect(formatCents(7)).toBe("0.07");
  });

  it("normalises tags as the server does", () => {
    expect(parseTags(" Gift, fragile ,,gift,VIP ")).toEqual(["gift", "fragile", "vip"]);
    expect(parseTags("")).toEqual([]);
  });

  it("adds one unit when the same product is scanned again", () => {
    let lines = addProduct([], lamp);
    lines = addProduct(lines, mug);
    lines = addProduct(lines, lamp);
    expect(lines.map((l) => [l.product?.sku, l.quantity])).toEqual([["LAMP", 2], ["MUG", 1]]);
  });

  it("drops the scanner's symbology prefix and control characters from a scanned code", () => {
    expect(searchableCode("]E04006381333931")).toBe("4006381333931");
    expect(searchableCode("LAMP-1\r")).toBe("LAMP-1");
  });

  it("gives the rules the order's destination, weight, value and tags", () => {
    const form: EntryForm = { ...emptyForm(), tags: "Gift" };
    form.customer = { kind: "new", data: { name: "Ada", email: "", street: "", postal_code: "", city: "", country: "nl" } };
    form.lines = addNewProduct(addProduct([], lamp), { sku: "NEW", name: "New", gtin: "", weight_grams: "250" });
    form.lines[0] = { ...form.lines[0], quantity: 2, unitPrice: "24.50" };
    form.lines[1] = { ...form.lines[1], quantity: 3, unitPrice: "1,10" };
    // 2 × 1200 g + 3 × 250 g; 2 × 24.50 + 3 × 1.10
    expect(ruleFacts(form)).toEqual({
      country: "NL", weight_grams: 3150, value: "52.30", currency: "EUR", channel: "manual", tag: ["gift"],
    });
  });

  it("waits for a country before asking the rules", () => {
    const form = emptyForm();
    form.customer = { kind: "existing", hit: { id: 1, name: "X", email: null, company: null, city: null, country: null } };
    expect(ruleFacts(form)).toBeNull();
  });

  it("builds the order body with the new customer and product inline", () => {
    const form: EntryForm = { ...emptyForm(), shipDate: "2026-12-01", notes: " ring twice ", method: 3 };
    form.customer = {
      kind: "new",
      data: { name: "Marie", email: "m@example.org", street: "", postal_code: "3511 AA", city: "Utrecht", country: "nl" },
    };
    form.lines = addNewProduct(addProduct([], mug), { sku: " LAMP-1 ", name: "Desk lamp", gtin: "4006381333931", weight_grams: "" });
    const body = JSON.parse(JSON.stringify(orderBody(form)));
    expect(body).toEqual({
      customer: {
        name: "Marie",
        email: "m@example.org",
        address: { name: "Marie", postal_code: "3511 AA", city: "Utrecht", country: "NL" },
      },
      lines: [
        { product_id: 8, quantity: 1, unit_price: "0.00" },
        { quantity: 1, unit_price: "0.00", new_product: { sku: "LAMP-1", name: "Desk lamp", gtin: "4006381333931" } },
      ],
      requested_ship_date: "2026-12-01",
      shipping_method_id: 3,
      tags: [],
      notes: "ring twice",
      backorder_policy: "hold",
      payment_state: "unpaid",
      confirm: true,
    });
  });

  it("leaves the method to the rules unless one is chosen", () => {
    const form = emptyForm();
    form.customer = { kind: "existing", hit: { id: 4, name: "X", email: null, company: null, city: null, country: "BE" } };
    const body = orderBody(form);
    expect(body.customer).toEqual({ id: 4 });
    expect(body.shipping_method_id).toBeUndefined();
  });
});
