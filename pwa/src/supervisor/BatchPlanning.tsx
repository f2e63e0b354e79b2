import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import { onLinkClick } from "../router";
import { give } from "../scan/feedback";
import { sup } from "./api";
import { authorisedBlobUrl, batches, type Batch } from "./batchApi";
import { useLive } from "./live";
import { refusal, type Refusal } from "./problem";
import { Refused } from "./Refused";
import { useLoad } from "./useLoad";

function BatchCard({ batch }: { batch: Batch }) {
  const [map, setMap] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    authorisedBlobUrl(`/api/pick-batches/${batch.id}/route.svg`).then(
      (made) => setMap((url = made)),
      () => setMap(null),
    );
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [batch.id]);
  const openPickList = async () => {
    try {
      window.open(await authorisedBlobUrl(`/api/pick-batches/${batch.id}/pick-list.pdf`), "_blank");
    } catch (error) {
      give("bad", refusal(error).reason);
    }
  };
  return (
    <article class="sup-batch" data-batch={batch.code}>
      <header class="sup-head">
        <h2>{t("sup.batch.title", { code: batch.code })}</h2>
        <button type="button" class="button small" onClick={() => void openPickList()}>{t("sup.batch.pickList")}</button>
      </header>
      <p data-part="route">
        {t("sup.batch.route", { m: batch.route_length_m.toFixed(1), saved: batch.saved_m.toFixed(1), stops: batch.stops.length, units: batch.units_total })}
      </p>
      <p class="sup-mini">
        {batch.totes.map((tote) => `${tote.position}: ${tote.order_number ?? tote.order_id}`).join(" · ")}
      </p>
      {map && <img class="sup-map" src={map} alt={t("sup.batch.map", { code: batch.code })} />}
      <ol class="sup-stops">
        {batch.stops.map((stop) => (
          <li key={stop.id}>
            <strong>{stop.location}</strong> · {stop.quantity} × {stop.product.sku} <span class="sup-mini">{stop.product.name}</span>
          </li>
        ))}
      </ol>
    </article>
  );
}

/** Choose waiting orders for one cart; the server routes the walk and draws it. */
export function BatchPlanning() {
  const waiting = useLoad(() => sup.orders({ status: "ready_for_picking", sort: "-priority" }), []);
  useLive("orders,batches", waiting.reload);
  const [chosen, setChosen] = useState<number[]>([]);
  const [made, setMade] = useState<Batch[]>([]);
  const [refused, setRefused] = useState<Refusal | null>(null);
  const toggle = (id: number) => setChosen((old) => (old.includes(id) ? old.filter((x) => x !== id) : [...old, id]));

  const create = async () => {
    setRefused(null);
    try {
      const batch = await batches.create(chosen);
      setMade((old) => [batch, ...old]);
      setChosen([]);
      give("good", t("sup.batch.created", { code: batch.code }));
      waiting.reload();
    } catch (error) {
      const why = refusal(error);
      setRefused(why);
      give("bad", why.reason);
    }
  };

  const items = waiting.data?.items ?? [];
  return (
    <section class="sup-screen" data-screen="batches">
      <h1>{t("sup.batch.planning")}</h1>
      <div class="sup-columns">
        <div>
          <h2>{t("sup.batch.waiting", { n: waiting.data?.total ?? 0 })}</h2>
          {items.length === 0 ? (
            <p class="muted">{t("sup.batch.none")}</p>
          ) : (
            <ul class="sup-rows" data-list="waiting">
              {items.map((order) => (
                <li key={order.id}>
                  <label class="sup-pick-row">
                    <input type="checkbox" name={`order-${order.number}`} checked={chosen.includes(order.id)} onChange={() => toggle(order.id)} />
                    <strong>{order.number}</strong>
                    <span class="sup-grow">{order.customer_name}</span>
                    <span class="sup-mini">{order.line_count} · {order.requested_ship_date ?? "—"}</span>
                    <a href={`/orders/${order.id}`} onClick={onLinkClick} aria-label={order.number}>›</a>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {refused && <Refused refusal={refused} />}
          <button type="button" class="button primary" disabled={chosen.length === 0} onClick={() => void create()}>
            {t("sup.batch.create", { n: chosen.length })}
          </button>
          <p class="hint">{t("sup.batch.autoHint")}</p>
        </div>
        <div>
          {made.map((batch) => (
            <BatchCard key={batch.id} batch={batch} />
          ))}
        </div>
      </div>
    </section>
  );
}
