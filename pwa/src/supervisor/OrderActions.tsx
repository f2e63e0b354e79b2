import { useState } from "preact/hooks";
import { t, type MessageKey } from "../i18n";
import { give } from "../scan/feedback";
import { actionsFor } from "./actions";
import { sup, type Order, type OrderAction } from "./api";
import { refusal, type Refusal } from "./problem";
import { Refused } from "./Refused";

/** Every action the order's status allows, one tap each; the API's answer decides. */
export function OrderActions({ order, onDone }: { order: Order; onDone: (order: Order) => void }) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState<OrderAction | null>(null);
  const [refused, setRefused] = useState<Refusal | null>(null);
  const actions = actionsFor(order);
  if (actions.length === 0) return null;

  const run = async (action: OrderAction) => {
    setBusy(action);
    setRefused(null);
    try {
      const text = reason.trim() || undefined;
      const body =
        action === "payments" ? { reason: text } : action === "split-backorder" ? { version: order.version } : { reason: text, version: order.version };
      const answer = await sup.act(order.id, action, body);
      // The split answers with the parent and its new backorder; the screen stays on the parent.
      const next = (answer as unknown as { parent?: Order }).parent ?? answer;
      setReason("");
      give("good", t(`sup.done.${action}` as MessageKey, { number: order.number }));
      onDone(next);
    } catch (error) {
      const why = refusal(error);
      setRefused(why);
      give("bad", why.reason);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div class="sup-actions" data-part="actions">
      <div class="sup-action-row">
        {actions.map((action) => (
          <button
            type="button"
            key={action}
            class={`button small sup-action sup-action-${action}`}
            disabled={busy !== null}
            onClick={() => void run(action)}
          >
            {t(`sup.action.${action}` as MessageKey)}
          </button>
        ))}
      </div>
      <label class="sup-field">
        <span>{t("sup.action.reason")}</span>
        <input name="reason" value={reason} maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      {refused && <Refused refusal={refused} />}
    </div>
  );
}
