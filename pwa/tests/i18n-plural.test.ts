import { afterEach, describe, expect, it } from "vitest";
import { setLanguage, t } from "../src/i18n";

// The language switch marks the page's language; a bare stand-in page is enough here.
(globalThis as { document?: unknown }).document ??= { documentElement: {} };

afterEach(() => setLanguage("en"));

describe("counted words", () => {
  it("say one thing in the singular and more in the plural", () => {
    setLanguage("en");
    expect(t("sup.batch.createCarts", { n: 1 })).toBe("Create 1 batch");
    expect(t("sup.batch.createCarts", { n: 2 })).toBe("Create 2 batches");
    expect(t("sup.orders.total", { n: 0 })).toBe("0 orders");
  });

  it("follow each language's rule: French counts 0 as singular, Dutch does not", () => {
    // CLDR plural rules: fr "one" is i = 0,1; nl and en "one" is i = 1 with no fraction digits.
    setLanguage("fr");
    expect(t("sup.stock.units", { n: 0 })).toBe("0 unité");
    expect(t("sup.stock.units", { n: 1 })).toBe("1 unité");
    expect(t("sup.stock.units", { n: 3 })).toBe("3 unités");
    setLanguage("nl");
    expect(t("sup.stock.units", { n: 0 })).toBe("0 stuks");
    expect(t("sup.stock.units", { n: 1 })).toBe("1 stuk");
  });

  it("fill every other placeholder as before", () => {
    setLanguage("en");
    expect(t("sup.stock.releases", { n: 1, used: 3 })).toBe("Releases 1 waiting order, 3 units:");
    expect(t("sup.stock.releases", { n: 2, used: 5 })).toBe("Releases 2 waiting orders, 5 units:");
  });
});
