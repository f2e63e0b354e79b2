import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import { onLinkClick } from "../router";
import { give } from "../scan/feedback";
import { sup } from "./api";
import { authorisedBlobUrl, batches, type Batch, type Picker, type Proposal, type Proposals } from "./batchApi";
import { useLive } from "./live";
import { refusal, type Refusal } from "./problem";
import { Refused } from "./Refused";
import { loadFloor, type Floor } from "./FloorPanel";
import { useLoad, type Loaded } from "./useLoad";

/** A route drawing fetched with the bearer token and shown from a blob URL. */
function RouteMap({ path, alt }: { path: string; alt: string }) {
  const [map, setMap] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    authorisedBlobUrl(path).then(
      (made) => setMap((url = made)),
      () => setMap(null),
    );
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [path]);
  return map ? <img class="sup-map" src={map} alt={alt} /> : null;
}

/** Show a refusal where the supervisor looks and sound it. */
function refuser(setRefused: (why: Refusal) => void) {
  return (error: unknown) => {
    const why = refusal(error);
    setRefused(why);
    give("bad", why.reason);
  };
}

function routeLine(x: { route_length_m: number; saved_m: number; stops: number; units: number }) {
  return t("sup.batch.route", { m: x.route_length_m.toFixed(1), saved: x.saved_m.toFixed(1), stops: x.stops, units: x.units });
}

/** Give the batch to a picker (or nobody); one who is walking another's batch needs "move anyway". */
type Assignable = Pick<Batch, "id" | "code" | "assigned_picker_id">;

function PickerChoice({ batch, pickers, onChange }: { batch: Assignable; pickers: Picker[]; onChange: (b: Batch) => void }) {
  const [refused, setRefused] = useState<Refusal | null>(null);
  const [wanted, setWanted] = useState<number | null>(null);
  const refuse = refuser(setRefused);
  const send = async (pickerId: number | null, force = false) => {
    setRefused(null);
    setWanted(pickerId);
    try {
      const answer = await batches.assign(batch.id, pickerId, force);
      onChange(answer);
      give("good", answer.assigned_picker ? t("sup.batch.assigned", { name: answer.assigned_picker }) : t("sup.batch.unassigned"));
    } catch (error) {
      refuse(error);
    }
  };
  return (
    <div class="sup-assign">
      <label class="sup-field">
        <span>{t("sup.batch.picker")}</span>
        <select
          name={`picker-${batch.code}`}
          value={String(batch.assigned_picker_id ?? "")}
          onChange={(event) => {
            const value = (event.currentTarget as HTMLSelectElement).value;
            void send(value ? Number(value) : null);
          }}
        >
          <option value="">{t("sup.batch.nobody")}</option>
          {pickers.map((p) => (
            <option key={p.id} value={String(p.id)}>
              {p.batch_id !== null && p.batch_id !== batch.id
                ? t("sup.batch.pickerBusy", { name: p.display_name })
                : p.assigned_batch_id !== undefined && p.assigned_batch_id !== batch.id
                  ? t("sup.batch.pickerWaiting", { name: p.display_name, n: p.assigned_batch_id })
                  : p.display_name}
            </option>
          ))}
        </select>
      </label>
      {refused && <Refused refusal={refused} />}
      {refused?.code === "batch_started" && wanted !== null && (
        <button type="button" class="button small" onClick={() => void send(wanted, true)}>{t("sup.batch.moveAnyway")}</button>
      )}
    </div>
  );
}

/** The printed pick list in a new tab (fetched with the token, shown from a blob URL). */
async function openPickList(batchId: number) {
  try {
    window.open(await authorisedBlobUrl(`/api/pick-batches/${batchId}/pick-list.pdf`), "_blank");
  } catch (error) {
    give("bad", refusal(error).reason);
  }
}

function PickListButton({ batchId }: { batchId: number }) {
  return <button type="button" class="button small" onClick={() => void openPickList(batchId)}>{t("sup.batch.pickList")}</button>;
}

function BatchCard({ batch, pickers, onChange }: { batch: Batch; pickers: Picker[]; onChange: (b: Batch) => void }) {
  return (
    <article class="sup-batch" data-batch={batch.code}>
      <header class="sup-head">
        <h2>{t("sup.batch.title", { code: batch.code })}</h2>
        <PickListButton batchId={batch.id} />
      </header>
      <p data-part="route">{routeLine({ ...batch, stops: batch.stops.length, units: batch.units_total })}</p>
      <p class="sup-mini">
        {batch.totes.map((tote) => `${tote.position}: ${tote.order_number ?? tote.order_id}`).join(" · ")}
      </p>
      <PickerChoice batch={batch} pickers={pickers} onChange={onChange} />
      <RouteMap path={`/api/pick-batches/${batch.id}/route.svg`} alt={t("sup.batch.map", { code: batch.code })} />
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

/** Batches made earlier (here, or by a picker's next cart) that are not closed: give them to a picker, print them. */
function OpenBatches({ floor, hide, pickers }: { floor: Loaded<Floor>; hide: number[]; pickers: Picker[] }) {
  const rows = (floor.data?.batches ?? []).filter((b) => !hide.includes(b.id));
  if (rows.length === 0) return null;
  return (
    <div data-part="open">
      <h2>{t("sup.batch.open", { n: rows.length })}</h2>
      <ul class="sup-rows" data-list="open-batches">
        {rows.map((b) => (
          <li key={b.id} class="sup-batch-row" data-batch={b.code}>
            <strong>{b.code}</strong>
            <span class="sup-grow">{b.picker ?? t("sup.dash.noPicker")}</span>
            <PickListButton batchId={b.id} />
            <span class="sup-mini">
              {t("sup.dash.batchFigures", {
                picked: b.units_picked, total: b.units_total, m: b.route_length_m, walked: b.walked_m,
                rate: b.lines_per_hour === null ? "—" : b.lines_per_hour,
              })}
            </span>
            <PickerChoice batch={b} pickers={pickers} onChange={floor.reload} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function ProposalCard({ proposal, n, chosen, onToggle, refused }: {
  proposal: Proposal; n: number; chosen: boolean; onToggle: () => void; refused: Refusal | null;
}) {
  return (
    <article class="sup-batch sup-proposal" data-proposal={proposal.token}>
      <label class="sup-head">
        <input type="checkbox" name={`cart-${n}`} checked={chosen} onChange={onToggle} />
        <h2>{t("sup.batch.proposal", { n })}</h2>
      </label>
      <p data-part="route">{routeLine(proposal)}</p>
      <p class="sup-mini" data-part="orders">
        {proposal.orders.map((o) => `${o.number ?? o.id} (${o.units})`).join(" · ")}
      </p>
      {refused && <Refused refusal={refused} />}
      <RouteMap path={`/api/pick-batches/proposals/${proposal.token}/route.svg`} alt={t("sup.batch.proposalMap", { n })} />
    </article>
  );
}

/** Choose waiting orders for one cart, or let the server fill carts; create, give to pickers, print. */
export function BatchPlanning() {
  // Orders on a cart not started yet are ready for picking too, but taken: not offered again.
  const waiting = useLoad(() => sup.orders({ status: "ready_for_picking", on_batch: "false", sort: "-priority" }), []);
  const pickers = useLoad(() => batches.pickers(), []);
  const floor = useLoad(loadFloor, []);
  useLive("orders,batches", () => {
    waiting.reload();
    pickers.reload();
    floor.reload();
  });
  const [chosen, setChosen] = useState<number[]>([]);
  const [made, setMade] = useState<Batch[]>([]);
  const [refused, setRefused] = useState<Refusal | null>(null);
  const [totes, setTotes] = useState("");
  const [proposals, setProposals] = useState<Proposals | null>(null);
  const [takeCarts, setTakeCarts] = useState<string[]>([]);
  const [cartRefusals, setCartRefusals] = useState<Record<string, Refusal>>({});
  const [busy, setBusy] = useState(false);
  const refuse = refuser(setRefused);
  const toggle = (id: number) => setChosen((old) => (old.includes(id) ? old.filter((x) => x !== id) : [...old, id]));
  const replace = (batch: Batch) => setMade((old) => old.map((b) => (b.id === batch.id ? batch : b)));

  const create = async () => {
    setRefused(null);
    try {
      const batch = await batches.create(chosen);
      setMade((old) => [batch, ...old]);
      setChosen([]);
      give("good", t("sup.batch.created", { code: batch.code }));
      waiting.reload();
    } catch (error) {
      refuse(error);
    }
  };

  const fill = async () => {
    setRefused(null);
    setBusy(true);
    try {
      const size = Number.parseInt(totes, 10);
      const answer = await batches.propose(chosen.length ? chosen : null, size > 0 ? size : null);
      setProposals(answer);
      setTakeCarts(answer.carts.map((c) => c.token));
      setCartRefusals({});
    } catch (error) {
      refuse(error);
    } finally {
      setBusy(false);
    }
  };

  /** Create the chosen carts one by one; a cart whose orders were taken meanwhile stays with its reason. */
  const createCarts = async () => {
    if (!proposals) return;
    setBusy(true);
    const failed: Record<string, Refusal> = {};
    const done: string[] = [];
    for (const cart of proposals.carts.filter((c) => takeCarts.includes(c.token))) {
      try {
        const batch = await batches.create(cart.order_ids);
        setMade((old) => [batch, ...old]);
        done.push(cart.token);
        give("good", t("sup.batch.created", { code: batch.code }));
      } catch (error) {
        failed[cart.token] = refusal(error);
        give("bad", failed[cart.token].reason);
      }
    }
    const left = proposals.carts.filter((c) => !done.includes(c.token));
    setProposals({ ...proposals, carts: left });
    setTakeCarts(left.filter((c) => failed[c.token] === undefined).map((c) => c.token));
    setCartRefusals(failed);
    setChosen([]);
    setBusy(false);
    waiting.reload();
  };

  const items = waiting.data?.items ?? [];
  const numberOf = (id: number) => items.find((o) => o.id === id)?.number ?? String(id);
  const takeCount = proposals ? proposals.carts.filter((c) => takeCarts.includes(c.token)).length : 0;
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
          <div class="sup-plan">
            <button type="button" class="button primary" disabled={chosen.length === 0} onClick={() => void create()}>
              {t("sup.batch.create", { n: chosen.length })}
            </button>
            <button type="button" class="button" disabled={busy || items.length === 0} onClick={() => void fill()}>
              {chosen.length ? t("sup.batch.fillChosen", { n: chosen.length }) : t("sup.batch.fill")}
            </button>
            <label class="sup-field sup-totes">
              <span>{t("sup.batch.cartSize")}</span>
              <input type="number" name="totes" min={1} max={50} inputMode="numeric" value={totes}
                placeholder={proposals ? String(proposals.totes) : ""}
                onInput={(event) => setTotes((event.currentTarget as HTMLInputElement).value)} />
            </label>
          </div>
          <p class="hint">{t("sup.batch.autoHint")}</p>
        </div>
        <div>
          {proposals && (
            <div data-part="proposals">
              <h2>{t("sup.batch.proposals", { n: proposals.carts.length })}</h2>
              {proposals.skipped.length > 0 && (
                <p class="sup-mini" data-part="skipped">
                  {t("sup.batch.skipped", { n: proposals.skipped.length, numbers: proposals.skipped.map((s) => numberOf(s.id)).join(", ") })}
                </p>
              )}
              {proposals.carts.length === 0 ? (
                <p class="muted">{t("sup.batch.noProposals")}</p>
              ) : (
                <>
                  {proposals.carts.map((cart, i) => (
                    <ProposalCard
                      key={cart.token}
                      proposal={cart}
                      n={i + 1}
                      chosen={takeCarts.includes(cart.token)}
                      onToggle={() => setTakeCarts((old) => (old.includes(cart.token) ? old.filter((x) => x !== cart.token) : [...old, cart.token]))}
                      refused={cartRefusals[cart.token] ?? null}
                    />
                  ))}
                  <button type="button" class="button primary" disabled={busy || takeCount === 0} onClick={() => void createCarts()}>
                    {t("sup.batch.createCarts", { n: takeCount })}
                  </button>
                </>
              )}
            </div>
          )}
          <div data-part="made">
            {made.map((batch) => (
              <BatchCard key={batch.id} batch={batch} pickers={pickers.data ?? []} onChange={replace} />
            ))}
          </div>
          <OpenBatches floor={floor} hide={made.map((b) => b.id)} pickers={pickers.data ?? []} />
        </div>
      </div>
    </section>
  );
}
