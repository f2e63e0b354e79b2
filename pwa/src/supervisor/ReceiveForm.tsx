import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import { onLinkClick } from "../router";
import { give } from "../scan/feedback";
import { refusal, type Refusal } from "./problem";
import { Refused } from "./Refused";
import { stock, type Booked, type Preview } from "./stockApi";

export interface BinAndSku {
  location: string;
  sku: string;
}

/** Goods in: bin and product (scanned or typed), a quantity, and before booking, which waiting
 * backorders the units will release. */
export function ReceiveForm({ target, onTarget, onBooked }: {
  target: BinAndSku;
  onTarget: (t: BinAndSku) => void;
  onBooked: () => void;
}) {
  const [quantity, setQuantity] = useState("1");
  const [reference, setReference] = useState("");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [booked, setBooked] = useState<Booked | null>(null);
  const [refused, setRefused] = useState<Refusal | null>(null);
  const units = Number(quantity);
  const ready = target.location.trim() !== "" && target.sku.trim() !== "" && Number.isInteger(units) && units >= 1;

  useEffect(() => {
    setPreview(null);
    if (!ready) return;
    let alive = true;
    const timer = setTimeout(() => {
      stock.preview(target.sku.trim(), units, target.location.trim()).then(
        (p) => alive && (setPreview(p), setRefused(null)),
        (e) => alive && setRefused(refusal(e)),
      );
    }, 200);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [target.sku, target.location, units, ready]);

  const book = async (event: Event) => {
    event.preventDefault();
    setRefused(null);
    try {
      const body = { lines: [{ sku: target.sku.trim(), location: target.location.trim(), quantity: units }], reference: reference.trim() || undefined };
      const result = await stock.receive(body);
      setBooked(result);
      give("good", t("sup.stock.received", { n: units, sku: target.sku }));
      setQuantity("1");
      onBooked();
    } catch (error) {
      const why = refusal(error);
      setRefused(why);
      give("bad", why.reason);
    }
  };

  return (
    <form class="sup-edit" data-part="receive" onSubmit={(e) => void book(e)}>
      <h2>{t("sup.stock.receive")}</h2>
      <p class="hint">{t("sup.stock.scanHint")}</p>
      <div class="sup-grid">
        <label class="sup-field">
          <span>{t("sup.stock.location")}</span>
          <input name="receive_location" value={target.location} onInput={(e) => onTarget({ ...target, location: e.currentTarget.value })} />
        </label>
        <label class="sup-field">
          <span>{t("sup.col.sku")}</span>
          <input name="receive_sku" value={target.sku} onInput={(e) => onTarget({ ...target, sku: e.currentTarget.value })} />
        </label>
        <label class="sup-field">
          <span>{t("sup.stock.quantity")}</span>
          <input name="receive_quantity" type="number" min={1} value={quantity} onInput={(e) => setQuantity(e.currentTarget.value)} />
        </label>
        <label class="sup-field">
          <span>{t("sup.stock.reference")}</span>
          <input name="receive_reference" value={reference} onInput={(e) => setReference(e.currentTarget.value)} />
        </label>
      </div>
      {preview && (
        <div class="sup-preview" data-part="receipt-preview" role="status">
          {preview.orders.length === 0 ? (
            t("sup.stock.releasesNone")
          ) : (
            <>
              {t("sup.stock.releases", { n: preview.orders.length, used: preview.units_used })}
              <ul>
                {preview.orders.map((o) => (
                  <li key={o.id}>{o.number} · {t("sup.stock.units", { n: o.units })}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {refused && <Refused refusal={refused} />}
      <button type="submit" class="button primary" disabled={!ready}>{t("sup.stock.book")}</button>
      {booked && booked.released.length > 0 && (
        <p data-part="released">
          {t("sup.stock.released")}{" "}
          {booked.released.map((o) => (
            <a key={o.id} href={`/orders/${o.id}`} onClick={onLinkClick}>{o.number} </a>
          ))}
        </p>
      )}
    </form>
  );
}
