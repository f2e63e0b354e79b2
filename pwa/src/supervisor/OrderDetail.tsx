import { useCallback, useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import { onLinkClick } from "../router";
import { sup, type Address, type Order, type OrderEvent, type ShippingMethod } from "./api";
import { RECONNECTED, useLive, type LiveEvent } from "./live";
import { OrderActions } from "./OrderActions";
import { OrderEdit } from "./OrderEdit";
import { lineProgress } from "./progress";
import { refusal, type Refusal } from "./problem";
import { Refused } from "./Refused";
import { ChannelMark, StatusBadge, statusWords } from "./StatusBadge";

interface View {
  order: Order;
  events: OrderEvent[];
  backorders: Order[];
  rule: string | null;
}

async function loadView(id: number): Promise<View> {
  const [order, events] = await Promise.all([sup.order(id), sup.events(id)]);
  const [backorders, rule] = await Promise.all([
    Promise.all(order.backorders.map((ref) => sup.order(ref.id))),
    order.shipping.rule_id ? sup.rule(order.shipping.rule_id).then((r) => r.name, () => null) : Promise.resolve(null),
  ]);
  return { order, events, backorders, rule };
}

function AddressBlock({ address }: { address: Address }) {
  return (
    <address class="sup-address">
      {[address.name, address.company, address.street, [address.postal_code, address.city].filter(Boolean).join(" "), address.country, address.email, address.phone]
        .filter(Boolean)
        .map((line, i) => (
          <span key={i}>{line}</span>
        ))}
    </address>
  );
}

function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" });
}

export function OrderDetail({ id }: { id: number }) {
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<Refusal | null>(null);
  const [methods, setMethods] = useState<ShippingMethod[]>([]);
  const reload = useCallback(() => {
    loadView(id).then(
      (next) => {
        setView(next);
        setError(null);
      },
      (problem) => setError(refusal(problem)),
    );
  }, [id]);
  useEffect(reload, [reload]);
  useEffect(() => void sup.methods().then(setMethods, () => setMethods([])), []);
  const onEvent = useCallback(
    (event: LiveEvent) => {
      const related = [id, view?.order.parent?.id, ...(view?.order.backorders.map((b) => b.id) ?? [])];
      if (event.type === RECONNECTED || (event.order_id !== undefined && related.includes(event.order_id))) reload();
    },
    [id, view, reload],
  );
  useLive("orders", onEvent);

  if (error && !view) return <section class="sup-screen" data-screen="order"><Refused refusal={error} /></section>;
  if (!view) return <section class="sup-screen" data-screen="order"><p class="muted">{t("sup.loading")}</p></section>;
  const { order, events, backorders, rule } = view;
  const progress = lineProgress(order, backorders);
  const method = methods.find((m) => m.id === order.shipping.method_id);
  return (
    <section class="sup-screen" data-screen="order" data-order={order.number} data-version={order.version}>
      <header class="sup-head">
        <h1>{t("sup.order.title", { number: order.number })}</h1>
        <StatusBadge status={order.status} reason={order.hold_reason} />
        <ChannelMark channel={order.origin.channel} />
      </header>
      <OrderActions order={order} onDone={reload} />
      <div class="sup-columns">
        <div>
          <h2>{t("sup.order.lines")}</h2>
          <div class="sup-scroll"><table class="sup-table" data-part="lines">
            <thead>
              <tr>
                <th>{t("sup.col.sku")}</th>
                <th class="sup-hide-narrow">{t("sup.col.name")}</th>
                <th class="sup-num">{t("sup.col.ordered")}</th>
                <th class="sup-num">{t("sup.col.allocated")}</th>
                <th class="sup-num sup-hide-narrow">{t("sup.col.picked")}</th>
                <th class="sup-num sup-hide-narrow">{t("sup.col.packed")}</th>
                <th class="sup-num">{t("sup.col.backordered")}</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => {
                const p = progress.get(line.id)!;
                return (
                  <tr key={line.id} data-sku={line.sku}>
                    <td><span class="sup-sku">{line.sku}</span><span class="sup-mini sup-show-narrow"> {line.name}</span></td>
                    <td class="sup-hide-narrow">{line.name}</td>
                    <td class="sup-num" data-col="ordered">{line.quantity}</td>
                    <td class="sup-num" data-col="allocated">{line.allocated}</td>
                    <td class="sup-num sup-hide-narrow">{p.picked ?? "…"}</td>
                    <td class="sup-num sup-hide-narrow">{p.packed ?? "…"}</td>
                    <td class="sup-num" data-col="backordered">{p.backordered}</td>
                  </tr>
                );
              })}
            </tbody>
          </table></div>
          <p class="muted">
            {t("sup.order.totals", { amount: `${order.currency} ${order.total_amount}`, paid: `${order.currency} ${order.amount_paid}`, kg: (order.total_weight_grams / 1000).toFixed(2) })}
            {" · "}
            {t(order.payment_state === "paid" ? "sup.order.paid" : "sup.order.unpaid")}
          </p>
          {(order.parent || order.backorders.length > 0) && (
            <>
              <h2>{t("sup.order.family")}</h2>
              <ul class="sup-rows" data-part="family">
                {order.parent && (
                  <li>
                    <a href={`/orders/${order.parent.id}`} onClick={onLinkClick}>
                      <span>{t("sup.order.parent")}</span>
                      <strong class="sup-grow">{order.parent.number}</strong>
                      <StatusBadge status={order.parent.status} />
                    </a>
                  </li>
                )}
                {backorders.map((child) => (
                  <li key={child.id} data-backorder={child.number}>
                    <a href={`/orders/${child.id}`} onClick={onLinkClick}>
                      <span>{t("sup.order.backorder")}</span>
                      <strong class="sup-grow">{child.number}</strong>
                      <StatusBadge status={child.status} reason={child.hold_reason} />
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2>{t("sup.order.history")}</h2>
          <ol class="sup-history" data-part="history">
            {events.map((event) => (
              <li key={event.id}>
                <span class="sup-mini">{when(event.created_at)} · {event.actor}</span>
                <span>
                  {event.to_status
                    ? `${event.from_status ? statusWords(event.from_status) : "—"} → ${statusWords(event.to_status, event.hold_reason)}`
                    : event.kind.replace(/_/g, " ")}
                </span>
                {event.message && <span class="sup-mini">{event.message}</span>}
              </li>
            ))}
          </ol>
        </div>
        <div>
          <h2>{t("sup.order.customer")}</h2>
          <p>
            <strong>{order.customer.name}</strong>
            {order.customer.email && <span class="sup-mini"> {order.customer.email}</span>}
          </p>
          <h2>{t("sup.order.shipTo")}</h2>
          <AddressBlock address={order.shipping_address} />
          <h2>{t("sup.order.shipping")}</h2>
          <p data-part="shipping">
            <strong>{order.shipping.method_code ?? t("sup.order.noMethod")}</strong>
            {method && <span> · {method.name}</span>}
            <br />
            <span class="sup-mini">
              {order.shipping.source === "rule"
                ? t("sup.order.byRule", { rule: rule ?? `#${order.shipping.rule_id}` })
                : order.shipping.source === "manual"
                  ? t("sup.order.byHand")
                  : ""}
            </span>
          </p>
          <p class="sup-mini">
            {t("sup.entry.shipDate")}: {order.requested_ship_date ?? "—"} · {t("sup.entry.priority")}: {order.priority}
            {order.tags.length > 0 && ` · ${order.tags.join(", ")}`}
          </p>
          {order.notes && <p class="sup-notes">{order.notes}</p>}
          <OrderEdit key={order.version} order={order} methods={methods} onSaved={reload} />
        </div>
      </div>
    </section>
  );
}
