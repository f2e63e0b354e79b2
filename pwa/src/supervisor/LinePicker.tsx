import { useCallback, useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import type { ScanEvent } from "../scan/bus";
import { give } from "../scan/feedback";
import { useScans } from "../ui/hooks";
import { sup, type Product } from "./api";
import { searchableCode, type NewProduct } from "./entry";

const EMPTY_PRODUCT: NewProduct = { sku: "", name: "", gtin: "", weight_grams: "" };

/**
 * Lines come from a scan (one scan, one unit), from the search, or from a product typed in place;
 * a scanned code nobody knows opens the new-product form with the code filled in.
 */
export function LinePicker({ onProduct, onNewProduct }: { onProduct: (p: Product) => void; onNewProduct: (p: NewProduct) => void }) {
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<Product[]>([]);
  const [draft, setDraft] = useState<NewProduct | null>(null);

  useEffect(() => {
    if (q.trim().length < 2) {
      setHits([]);
      return;
    }
    let alive = true;
    const timer = setTimeout(() => void sup.products(q.trim()).then((page) => alive && setHits(page.items), () => undefined), 200);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [q]);

  const onScan = useCallback(
    (scan: ScanEvent) => {
      const code = searchableCode(scan.raw);
      void sup.products(code).then(
        (page) => {
          const exact = page.items.filter((p) => p.sku === code || p.barcodes.some((b) => b.code.endsWith(code)));
          if (exact.length === 1) {
            onProduct(exact[0]);
            give("good", t("sup.entry.added", { name: exact[0].name }));
          } else {
            setDraft({ ...EMPTY_PRODUCT, gtin: /^\d{8,14}$/.test(code) ? code : "", sku: /^\d+$/.test(code) ? "" : code });
            give("info", t("sup.entry.unknownCode", { code }));
          }
        },
        () => give("bad", t("sup.offline")),
      );
    },
    [onProduct],
  );
  useScans(onScan);

  const set = (field: keyof NewProduct, text: string) => setDraft({ ...(draft ?? EMPTY_PRODUCT), [field]: text });
  return (
    <div class="sup-linepicker">
      <label class="sup-field">
        <span>{t("sup.entry.findProduct")}</span>
        <input type="search" name="product_q" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      </label>
      <ul class="sup-hits">
        {hits.map((p) => (
          <li key={p.id}>
            <button type="button" onClick={() => { onProduct(p); setQ(""); }}>
              <strong>{p.sku}</strong> {p.name}
            </button>
          </li>
        ))}
      </ul>
      {draft ? (
        <fieldset class="sup-inline" data-part="new-product">
          <legend>{t("sup.entry.newProduct")}</legend>
          <div class="sup-grid">
            <label class="sup-field"><span>{t("sup.product.sku")}</span><input name="product_sku" value={draft.sku} onInput={(e) => set("sku", e.currentTarget.value)} /></label>
            <label class="sup-field"><span>{t("sup.product.name")}</span><input name="product_name" value={draft.name} onInput={(e) => set("name", e.currentTarget.value)} /></label>
            <label class="sup-field"><span>{t("sup.product.gtin")}</span><input name="product_gtin" inputMode="numeric" value={draft.gtin} onInput={(e) => set("gtin", e.currentTarget.value)} /></label>
            <label class="sup-field"><span>{t("sup.product.weight")}</span><input name="product_weight" type="number" min={0} value={draft.weight_grams} onInput={(e) => set("weight_grams", e.currentTarget.value)} /></label>
          </div>
          <div class="sup-action-row">
            <button
              type="button"
              class="button small"
              disabled={!draft.sku.trim() || !draft.name.trim()}
              onClick={() => { onNewProduct(draft); setDraft(null); }}
            >
              {t("sup.entry.addLine")}
            </button>
            <button type="button" class="button small" onClick={() => setDraft(null)}>{t("sup.entry.discard")}</button>
          </div>
        </fieldset>
      ) : (
        <button type="button" class="button small" onClick={() => setDraft({ ...EMPTY_PRODUCT, sku: q.trim() })}>
          {t("sup.entry.newProduct")}
        </button>
      )}
    </div>
  );
}
