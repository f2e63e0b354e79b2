import { useEffect, useState } from "preact/hooks";
import { t, type MessageKey } from "../i18n";
import { onLinkClick } from "../router";
import { CHANNELS, HOLD_REASONS, STATUSES, sup } from "./api";
import { readFilters, writeFilters, type FilterKey, type Filters } from "./filters";
import { useLive } from "./live";
import { Refused } from "./Refused";
import { ChannelMark, StatusBadge } from "./StatusBadge";
import { useLoad } from "./useLoad";

function useAddressFilters(): [Filters, (next: Filters) => void] {
  const [filters, setFilters] = useState<Filters>(() => readFilters(location.search));
  useEffect(() => {
    const follow = () => setFilters(readFilters(location.search));
    addEventListener("popstate", follow);
    return () => removeEventListener("popstate", follow);
  }, []);
  const change = (next: Filters) => {
    history.replaceState(null, "", location.pathname + writeFilters(next));
    setFilters(next);
  };
  return [filters, change];
}

function Select({ name, value, options, words, onChange }: {
  name: FilterKey; value?: string; options: readonly string[]; words: (o: string) => string;
  onChange: (key: FilterKey, value: string) => void;
}) {
  return (
    <label class="sup-field">
      <span>{t(`sup.filter.${name}` as MessageKey)}</span>
      <select name={name} value={value ?? ""} onChange={(e) => onChange(name, e.currentTarget.value)}>
        <option value="">{t("sup.filter.any")}</option>
        {options.map((o) => (
          <option value={o} key={o}>{words(o)}</option>
        ))}
      </select>
    </label>
  );
}

// A phone shows the list first and the filters on request; a tablet has room for both.
const roomy = typeof matchMedia === "function" && matchMedia("(min-width: 48rem)").matches;

export function OrderList() {
  const [filters, setFilters] = useAddressFilters();
  const key = writeFilters(filters);
  const page = useLoad(() => sup.orders(filters), [key]);
  useLive("orders", page.reload);
  const set = (name: FilterKey, value: string) => {
    const next = { ...filters, [name]: value };
    if (name === "status" && value !== "on_hold") delete next.hold_reason;
    setFilters(next);
  };
  const counts = page.data?.counts;
  const narrowed = Object.keys(filters).filter((k) => k !== "q").length;
  return (
    <section class="sup-screen" data-screen="orders">
      <header class="sup-head">
        <h1>{t("sup.orders.title")}</h1>
        <a class="button small" href="/orders/new" onClick={onLinkClick}>{t("sup.entry.title")}</a>
      </header>
      <label class="sup-field">
        <span>{t("sup.filter.q")}</span>
        <input type="search" name="q" value={filters.q ?? ""} onChange={(e) => set("q", e.currentTarget.value)} />
      </label>
      <details class="sup-more" open={roomy || narrowed > 0}>
        <summary>{t("sup.filter.more", { n: narrowed })}</summary>
      <form class="sup-filters" onSubmit={(e) => e.preventDefault()}>
        <Select name="status" value={filters.status} options={STATUSES} words={(s) => t(`sup.status.${s}` as MessageKey)} onChange={set} />
        <Select name="hold_reason" value={filters.hold_reason} options={HOLD_REASONS} words={(r) => t(`sup.hold.${r}` as MessageKey)} onChange={set} />
        <Select name="channel" value={filters.channel} options={CHANNELS} words={(c) => c} onChange={set} />
        <label class="sup-field">
          <span>{t("sup.filter.tag")}</span>
          <input name="tag" value={filters.tag ?? ""} onChange={(e) => set("tag", e.currentTarget.value)} />
        </label>
        <label class="sup-field">
          <span>{t("sup.filter.ship_date_from")}</span>
          <input type="date" name="ship_date_from" value={filters.ship_date_from ?? ""} onChange={(e) => set("ship_date_from", e.currentTarget.value)} />
        </label>
        <label class="sup-field">
          <span>{t("sup.filter.ship_date_to")}</span>
          <input type="date" name="ship_date_to" value={filters.ship_date_to ?? ""} onChange={(e) => set("ship_date_to", e.currentTarget.value)} />
        </label>
      </form>
      </details>
      {counts && (
        <p class="sup-chips">
          {STATUSES.filter((s) => counts[s] > 0).map((s) => (
            <button type="button" class={`sup-chip ${filters.status === s ? "chosen" : ""}`} key={s} onClick={() => set("status", filters.status === s ? "" : s)}>
              {t(`sup.status.${s}` as MessageKey)} <strong>{counts[s]}</strong>
            </button>
          ))}
        </p>
      )}
      {page.error && <Refused refusal={page.error} />}
      {page.data && (
        <>
          <p class="muted" data-total={page.data.total}>{t("sup.orders.total", { n: page.data.total })}</p>
          <div class="sup-scroll"><table class="sup-table" data-list="orders">
            <thead>
              <tr>
                <th>{t("sup.col.number")}</th>
                <th>{t("sup.col.status")}</th>
                <th>{t("sup.col.customer")}</th>
                <th class="sup-hide-narrow">{t("sup.col.channel")}</th>
                <th class="sup-hide-narrow">{t("sup.col.shipDate")}</th>
                <th class="sup-hide-narrow sup-num">{t("sup.col.total")}</th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((order) => (
                <tr key={order.id} data-order={order.number}>
                  <td>
                    <a href={`/orders/${order.id}`} onClick={onLinkClick}>{order.number}</a>
                    {order.backorder_count > 0 && <span class="sup-mini"> +{order.backorder_count} BO</span>}
                  </td>
                  <td><StatusBadge status={order.status} reason={order.hold_reason} /></td>
                  <td>{order.customer_name}<span class="sup-mini"> {order.ship_country}</span></td>
                  <td class="sup-hide-narrow"><ChannelMark channel={order.channel} /></td>
                  <td class="sup-hide-narrow">{order.requested_ship_date ?? "—"}</td>
                  <td class="sup-hide-narrow sup-num">{order.currency} {order.total_amount}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
        </>
      )}
    </section>
  );
}
