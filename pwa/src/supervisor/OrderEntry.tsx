import { useCallback, useRef, useState } from "preact/hooks";
import { t } from "../i18n";
import { navigate } from "../router";
import { uuid4 } from "../queue/uuid";
import { give } from "../scan/feedback";
import { sup, type Product } from "./api";
import { CustomerPicker } from "./CustomerPicker";
import { addNewProduct, addProduct, cents, emptyForm, orderBody, ruleFacts, type EntryForm, type NewProduct } from "./entry";
import { LinePicker } from "./LinePicker";
import { refusal, type Refusal } from "./problem";
import { Refused } from "./Refused";
import { ShippingChoice } from "./ShippingChoice";

export function OrderEntry() {
  const [form, setForm] = useState<EntryForm>(emptyForm);
  const [refused, setRefused] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  // The Idempotency-Key of the order as last sent: Save pressed twice, or again after the answer
  // was lost, sends the same key and the server makes the order once; a changed form is another
  // order and gets a new key.
  const sent = useRef<{ body: string; key: string } | null>(null);
  const update = (change: Partial<EntryForm>) => setForm((old) => ({ ...old, ...change }));
  const onProduct = useCallback((p: Product) => setForm((old) => ({ ...old, lines: addProduct(old.lines, p) })), []);
  const onNewProduct = useCallback((p: NewProduct) => setForm((old) => ({ ...old, lines: addNewProduct(old.lines, p) })), []);
  const setLine = (key: number, change: { quantity?: number; unitPrice?: string }) =>
    update({ lines: form.lines.map((line) => (line.key === key ? { ...line, ...change } : line)) });

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setRefused(null);
    try {
      const body = orderBody(form);
      const text = JSON.stringify(body);
      if (sent.current?.body !== text) sent.current = { body: text, key: uuid4() };
      const order = await sup.create(body, sent.current.key);
      give("good", t("sup.entry.created", { number: order.number }));
      navigate(`/orders/${order.id}`);
    } catch (error) {
      const why = refusal(error);
      setRefused(why);
      give("bad", why.reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="sup-screen sup-entry" data-screen="order-entry" onSubmit={(e) => void submit(e)}>
      <h1>{t("sup.entry.title")}</h1>
      <div class="sup-columns">
        <div>
          <h2>{t("sup.order.customer")}</h2>
          <CustomerPicker value={form.customer} onChange={(customer) => update({ customer })} />
          <h2>{t("sup.order.lines")}</h2>
          <p class="hint">{t("sup.entry.scanHint")}</p>
          {form.lines.length > 0 && (
            <table class="sup-table" data-part="entry-lines">
              <tbody>
                {form.lines.map((line) => {
                  const sku = line.product?.sku ?? line.newProduct!.sku;
                  return (
                    <tr key={line.key} data-sku={sku}>
                      <td>
                        <strong>{sku}</strong> <span class="sup-mini">{line.product?.name ?? line.newProduct!.name}</span>
                        {line.newProduct && <span class="sup-new"> {t("sup.entry.new")}</span>}
                      </td>
                      <td class="sup-num">
                        <input class="sup-qty" type="number" min={1} name={`qty-${sku}`} aria-label={t("sup.edit.quantityOf", { sku })}
                          value={line.quantity} onInput={(e) => setLine(line.key, { quantity: Math.max(1, Number(e.currentTarget.value) || 1) })} />
                      </td>
                      <td class="sup-num">
                        <input class={`sup-price ${cents(line.unitPrice) === null ? "sup-invalid" : ""}`} inputMode="decimal" name={`price-${sku}`}
                          aria-label={t("sup.entry.priceOf", { sku })} value={line.unitPrice} onInput={(e) => setLine(line.key, { unitPrice: e.currentTarget.value })} />
                      </td>
                      <td>
                        <button type="button" class="sup-remove" aria-label={t("sup.entry.remove", { sku })}
                          onClick={() => update({ lines: form.lines.filter((l) => l.key !== line.key) })}>×</button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <LinePicker onProduct={onProduct} onNewProduct={onNewProduct} />
        </div>
        <div>
          <h2>{t("sup.order.shipping")}</h2>
          <label class="sup-field">
            <span>{t("sup.entry.shipDate")}</span>
            <input type="date" name="ship_date" value={form.shipDate} onInput={(e) => update({ shipDate: e.currentTarget.value })} />
          </label>
          <ShippingChoice value={form.method} facts={ruleFacts(form)} onChange={(method) => update({ method })} />
          <label class="sup-field">
            <span>{t("sup.entry.tags")}</span>
            <input name="tags" value={form.tags} placeholder="vip, gift" onInput={(e) => update({ tags: e.currentTarget.value })} />
          </label>
          <label class="sup-field">
            <span>{t("sup.entry.notes")}</span>
            <textarea name="notes" rows={2} value={form.notes} onInput={(e) => update({ notes: e.currentTarget.value })} />
          </label>
          <label class="sup-field">
            <span>{t("sup.entry.backorderPolicy")}</span>
            <select name="backorder_policy" value={form.backorderPolicy} onChange={(e) => update({ backorderPolicy: e.currentTarget.value as "hold" | "split" })}>
              <option value="hold">{t("sup.policy.hold")}</option>
              <option value="split">{t("sup.policy.split")}</option>
            </select>
          </label>
          <label class="sup-check">
            <input type="checkbox" name="paid" checked={form.paid} onChange={(e) => update({ paid: e.currentTarget.checked })} />
            {t("sup.entry.paid")}
          </label>
          <label class="sup-check">
            <input type="checkbox" name="confirm" checked={form.confirm} onChange={(e) => update({ confirm: e.currentTarget.checked })} />
            {t("sup.entry.confirm")}
          </label>
          {refused && <Refused refusal={refused} />}
          <button type="submit" class="button primary" disabled={busy || form.lines.length === 0 || !form.customer}>
            {t("sup.entry.submit")}
          </button>
        </div>
      </div>
    </form>
  );
}
