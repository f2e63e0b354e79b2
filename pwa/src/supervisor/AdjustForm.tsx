import { useState } from "preact/hooks";
import { t, type MessageKey } from "../i18n";
import { give } from "../scan/feedback";
import { refusal, type Refusal } from "./problem";
import type { BinAndSku } from "./ReceiveForm";
import { Refused } from "./Refused";
import { ADJUSTMENT_REASONS, stock, type AdjustmentReason } from "./stockApi";

/** A correction of one bin, by a signed difference or by the count found, always with why. */
export function AdjustForm({ target, onBooked }: { target: BinAndSku; onBooked: () => void }) {
  const [reason, setReason] = useState<AdjustmentReason>("cycle_count");
  const [mode, setMode] = useState<"counted" | "delta">("counted");
  const [amount, setAmount] = useState("");
  const [note, setNote] = useState("");
  const [refused, setRefused] = useState<Refusal | null>(null);
  const value = Number(amount);
  const ready = target.location.trim() !== "" && target.sku.trim() !== "" && amount.trim() !== "" && Number.isInteger(value);

  const book = async (event: Event) => {
    event.preventDefault();
    setRefused(null);
    try {
      await stock.adjust({ sku: target.sku.trim(), location: target.location.trim(), reason, [mode]: value, note: note.trim() || undefined });
      give("good", t("sup.stock.adjusted", { sku: target.sku, location: target.location }));
      setAmount("");
      onBooked();
    } catch (error) {
      const why = refusal(error);
      setRefused(why);
      give("bad", why.reason);
    }
  };

  return (
    <form class="sup-edit" data-part="adjust" onSubmit={(e) => void book(e)}>
      <h2>{t("sup.stock.adjust")}</h2>
      <p class="hint">{t("sup.stock.adjustHint", { sku: target.sku || "…", location: target.location || "…" })}</p>
      <div class="sup-grid">
        <label class="sup-field">
          <span>{t("sup.stock.reason")}</span>
          <select name="adjust_reason" value={reason} onChange={(e) => setReason(e.currentTarget.value as AdjustmentReason)}>
            {ADJUSTMENT_REASONS.map((r) => (
              <option key={r} value={r}>{t(`sup.adjust.${r}` as MessageKey)}</option>
            ))}
          </select>
        </label>
        <label class="sup-field">
          <span>{t("sup.stock.how")}</span>
          <select name="adjust_mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as "counted" | "delta")}>
            <option value="counted">{t("sup.stock.counted")}</option>
            <option value="delta">{t("sup.stock.delta")}</option>
          </select>
        </label>
        <label class="sup-field">
          <span>{t("sup.stock.quantity")}</span>
          <input name="adjust_amount" type="number" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
        </label>
        <label class="sup-field">
          <span>{t("sup.entry.notes")}</span>
          <input name="adjust_note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
      </div>
      {refused && <Refused refusal={refused} />}
      <button type="submit" class="button secondary" disabled={!ready}>{t("sup.stock.book")}</button>
    </form>
  );
}
