import { useState } from "preact/hooks";
import { t } from "../i18n";
import { give } from "../scan/feedback";
import { editableIn, linesLocked } from "./actions";
import { sup, type Order, type ShippingMethod } from "./api";
import { parseTags } from "./entry";
import { refusal, type Refusal } from "./problem";
import { Refused } from "./Refused";

interface Draft {
  shipDate: string;
  priority: string;
  tags: string;
  notes: string;
  method: string;
  quantities: Record<number, string>;
}

function draftOf(order: Order): Draft {
  return {
    shipDate: order.requested_ship_date ?? "",
    priority: String(order.priority),
    tags: order.tags.join(", "),
    notes: order.notes ?? "",
    method: order.shipping.source === "manual" && order.shipping.method_id ? String(order.shipping.method_id) : "rules",
    quantities: Object.fromEntries(order.lines.map((line) => [line.id, String(line.quantity)])),
  };
}

/** Only what changed goes to the server, so that a field the status freezes is never sent by
 * accident next to one it allows. */
export function patchOf(order: Order, draft: Draft): Record<string, unknown> {
  const before = draftOf(order);
  const patch: Record<string, unknown> = {};
  if (draft.shipDate !== before.shipDate) patch.requested_ship_date = draft.shipDate || null;
  if (draft.priority !== before.priority) patch.priority = Number(draft.priority);
  if (parseTags(draft.tags).join() !== parseTags(before.tags).join()) patch.tags = parseTags(draft.tags);
  if (draft.notes.trim() !== before.notes.trim()) patch.notes = draft.notes.trim() || null;
  if (draft.method !== before.method) patch.shipping_method_id = draft.method === "rules" ? null : Number(draft.method);
  const linesChanged = order.lines.some((line) => draft.quantities[line.id] !== before.quantities[line.id]);
  if (linesChanged) {
    patch.lines = order.lines
      .filter((line) => Number(draft.quantities[line.id]) > 0)
      .map((line) => ({ product_id: line.product_id, quantity: Number(draft.quantities[line.id]), unit_price: line.unit_price }));
  }
  return patch;
}

export function OrderEdit({ order, methods, onSaved }: { order: Order; methods: ShippingMethod[]; onSaved: (o: Order) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(order));
  const [refused, setRefused] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const allowed = editableIn(order.status, order.held_from);
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });

  const save = async (event: Event) => {
    event.preventDefault();
    const patch = patchOf(order, draft);
    if (Object.keys(patch).length === 0) return;
    setBusy(true);
    setRefused(null);
    try {
      const saved = await sup.patch(order.id, { ...patch, version: order.version });
      give("good", t("sup.edit.saved", { number: order.number }));
      onSaved(saved);
    } catch (error) {
      const why = refusal(error);
      setRefused(why);
      give("bad", why.reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="sup-edit" data-part="edit" onSubmit={(e) => void save(e)}>
      <h2>{t("sup.edit.title")}</h2>
      {!allowed.lines && (
        <p class="hint">{t(linesLocked(order.status, order.held_from) ? "sup.edit.linesPicked" : "sup.edit.linesFrozen")}</p>
      )}
      <table class="sup-table">
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.id}>
              <td>{line.sku}</td>
              <td>{line.name}</td>
              <td class="sup-num">
                <input
                  class="sup-qty"
                  type="number"
                  min={0}
                  name={`quantity-${line.sku}`}
                  aria-label={t("sup.edit.quantityOf", { sku: line.sku })}
                  disabled={!allowed.lines}
                  value={draft.quantities[line.id]}
                  onInput={(e) => set({ quantities: { ...draft.quantities, [line.id]: e.currentTarget.value } })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="sup-grid">
        <label class="sup-field">
          <span>{t("sup.entry.shipDate")}</span>
          <input type="date" name="ship_date" disabled={!allowed.shipDate} value={draft.shipDate} onInput={(e) => set({ shipDate: e.currentTarget.value })} />
        </label>
        <label class="sup-field">
          <span>{t("sup.entry.method")}</span>
          <select name="method" disabled={!allowed.shipDate} value={draft.method} onChange={(e) => set({ method: e.currentTarget.value })}>
            <option value="rules">{t("sup.entry.byRules")}</option>
            {methods.filter((m) => m.active).map((m) => (
              <option key={m.id} value={String(m.id)}>{m.code} · {m.name}</option>
            ))}
          </select>
        </label>
        <label class="sup-field">
          <span>{t("sup.entry.priority")}</span>
          <input type="number" min={0} max={100} name="priority" disabled={!allowed.notes} value={draft.priority} onInput={(e) => set({ priority: e.currentTarget.value })} />
        </label>
        <label class="sup-field">
          <span>{t("sup.entry.tags")}</span>
          <input name="tags" disabled={!allowed.notes} value={draft.tags} onInput={(e) => set({ tags: e.currentTarget.value })} />
        </label>
      </div>
      <label class="sup-field">
        <span>{t("sup.entry.notes")}</span>
        <textarea name="notes" rows={2} disabled={!allowed.notes} value={draft.notes} onInput={(e) => set({ notes: e.currentTarget.value })} />
      </label>
      {refused && <Refused refusal={refused} />}
      <button type="submit" class="button primary" disabled={busy || !allowed.notes}>
        {t("sup.edit.save")}
      </button>
    </form>
  );
}
