import { useCallback, useState } from "preact/hooks";
import { t, type MessageKey } from "../i18n";
import { onLinkClick } from "../router";
import { HOLD_REASONS, STATUSES, sup, type HoldReason, type Status } from "./api";
import { onQueryLink } from "./links";
import { RECONNECTED, useLive, type LiveEvent } from "./live";
import { FloorPanel, loadFloor } from "./FloorPanel";
import { Refused } from "./Refused";
import { StatusBadge, statusWords } from "./StatusBadge";
import { useLoad } from "./useLoad";

const FEED_LENGTH = 8;

function dayBefore(iso: string): string {
  if (!iso) return "";
  const day = new Date(`${iso}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

function Figure({ label, value, href, tone }: { label: MessageKey; value: number; href: string; tone?: string }) {
  return (
    <a class={`sup-figure ${tone && value > 0 ? tone : ""}`} href={href} onClick={onQueryLink} data-figure={label}>
      <span class="sup-figure-value">{value}</span>
      <span class="sup-figure-label">{t(label)}</span>
    </a>
  );
}

function feedLine(event: LiveEvent): string {
  const number = typeof event.number === "string" ? event.number : `#${event.order_id ?? ""}`;
  if (typeof event.to === "string") {
    const reason = typeof event.hold_reason === "string" ? (event.hold_reason as HoldReason) : null;
    return `${number}: ${statusWords(event.to as Status, reason)}`;
  }
  return `${number}: ${event.type.replace(/^\w+\./, "").replace(/_/g, " ")}`;
}

export function Dashboard() {
  const board = useLoad(() => sup.dashboard(), []);
  const latest = useLoad(() => sup.orders({ sort: "-created_at" }), []);
  const floor = useLoad(loadFloor, []);
  const [feed, setFeed] = useState<LiveEvent[]>([]);
  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (event.type !== RECONNECTED) setFeed((old) => [event, ...old].slice(0, FEED_LENGTH));
      board.reload();
      latest.reload();
      if (event.channel !== "orders" || event.type === RECONNECTED) floor.reload();
    },
    [board.reload, latest.reload, floor.reload],
  );
  const live = useLive("orders,batches,stock", onEvent);
  const d = board.data;
  const today = d?.today ?? "";
  return (
    <section class="sup-screen" data-screen="dashboard" data-live={live}>
      <header class="sup-head">
        <h1>{t("sup.dashboard.title")}</h1>
        <span class={`sup-live sup-live-${live}`} role="status">
          {t(`sup.live.${live}` as MessageKey)}
        </span>
        <a class="button small" href="/orders/new" onClick={onLinkClick}>
          {t("sup.entry.title")}
        </a>
      </header>
      {board.error && <Refused refusal={board.error} />}
      {d && (
        <>
          <div class="sup-figures">
            <Figure label="sup.dash.dueToday" value={d.due_today} href={`/orders?ship_date_from=${today}&ship_date_to=${today}`} />
            <Figure label="sup.dash.late" value={d.late} tone="sup-alert" href={`/orders?ship_date_to=${dayBefore(today)}`} />
            <Figure label="sup.dash.backordersWaiting" value={d.backorders_waiting} tone="sup-warn" href="/orders?status=on_hold&hold_reason=backorder" />
            <Figure label="sup.dash.releasingTomorrow" value={d.releasing_tomorrow} href="/orders?status=on_hold&hold_reason=scheduled" />
            <Figure label="sup.dash.stockArrived" value={d.stock_arrived_today} tone="sup-good" href="/orders?status=ready_for_picking" />
          </div>
          <div class="sup-columns">
            <div>
              <h2>{t("sup.dash.byStatus")}</h2>
              <ul class="sup-counts">
                {STATUSES.map((status) => (
                  <li key={status}>
                    <a href={`/orders?status=${status}`} onClick={onQueryLink} data-count={status}>
                      <StatusBadge status={status} />
                      <strong>{d.by_status[status]}</strong>
                    </a>
                  </li>
                ))}
              </ul>
              <h2>{t("sup.dash.onHold")}</h2>
              <ul class="sup-counts">
                {HOLD_REASONS.map((reason) => (
                  <li key={reason}>
                    <a href={`/orders?status=on_hold&hold_reason=${reason}`} onClick={onQueryLink} data-hold={reason}>
                      <span>{t(`sup.hold.${reason}` as MessageKey)}</span>
                      <strong>{d.on_hold[reason]}</strong>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <FloorPanel floor={floor} />
              <h2>{t("sup.dash.latest")}</h2>
              <ul class="sup-rows" data-list="latest">
                {(latest.data?.items ?? []).slice(0, 8).map((order) => (
                  <li key={order.id}>
                    <a href={`/orders/${order.id}`} onClick={onLinkClick}>
                      <strong>{order.number}</strong>
                      <span class="sup-grow">{order.customer_name}</span>
                      <StatusBadge status={order.status} reason={order.hold_reason} />
                    </a>
                  </li>
                ))}
              </ul>
              <h2>{t("sup.dash.feed")}</h2>
              {feed.length === 0 ? (
                <p class="muted">{t("sup.dash.feedEmpty")}</p>
              ) : (
                <ol class="sup-feed" data-list="feed">
                  {feed.map((event, i) => (
                    <li key={`${feed.length - i}`}>{feedLine(event)}</li>
                  ))}
                </ol>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}
