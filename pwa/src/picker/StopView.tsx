import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n";
import type { QueuedRequest } from "../queue/offline-queue";
import type { ScanEvent } from "../scan/bus";
import { give } from "../scan/feedback";
import { visible } from "../scan/keys";
import { useScans } from "../ui/hooks";
import { sendScan, sendShort, sendSkip } from "./api";
import { ShortPick } from "./ShortPick";
import type { Batch, Instruction } from "./types";
import { aisleOf, currentStop, metresLeft, stopAfter, tally } from "./walk";

interface Props {
  batch: Batch;
  next: Instruction | null;
  pending: QueuedRequest[];
}

/** One stop at a time, readable at arm's length: where, what, how many, into which tote. */
export function StopView({ batch, next, pending }: Props) {
  const [shorting, setShorting] = useState(false);
  const [typed, setTyped] = useState("");
  const countField = useRef<HTMLInputElement>(null);
  const stop = currentStop(batch, next);
  const counting = next?.action === "scan_product" && next.stop_id === stop?.id;
  // A new stop starts at the top: the bin code must be in view, whatever was scrolled before.
  useEffect(() => window.scrollTo(0, 0), [stop?.id]);
  const onScan = useCallback(
    (scan: ScanEvent) => {
      // A typed count goes with the product scan it belongs to, and only that one. It is read
      // from the field, which the wedge listener has just given its value back: the scan's own
      // keys passed through it a moment ago.
      const units = counting ? Number.parseInt(countField.current?.value ?? "", 10) : Number.NaN;
      void sendScan(batch.id, scan.raw, scan.source, Number.isInteger(units) && units > 1 ? units : undefined);
      setTyped("");
      // The answer is the server's; offline, the scan is kept and answered when it is sent.
      if (!navigator.onLine) give("info", `${t("app.offline")}: ${visible(scan.raw)}`);
    },
    [batch.id, counting],
  );
  useScans(onScan);
  if (!stop) return null;
  const after = stopAfter(batch, stop);
  const count = tally(batch);
  const here = next?.stop_id === stop.id ? next : null;
  const task = stop.tasks.find((k) => k.picked < k.quantity) ?? stop.tasks[0];
  const need = here?.quantity ?? (task ? task.quantity - task.picked : stop.quantity - stop.picked);
  const tote = here?.tote ?? task?.tote_position;
  // A tote scan is due for the last pick, which may have finished the stop on screen.
  const step = next?.action === "scan_tote" ? t("pick.scanTote", { n: next.tote ?? tote ?? "" })
    : here?.action === "scan_product" ? t("pick.scanProduct") : t("pick.scanLocation");
  return (
    <section class="screen pick" data-screen="pick-stop" data-stop={stop.id}>
      <div class="progress" role="progressbar" aria-valuemin={0} aria-valuemax={count.total} aria-valuenow={count.picked}>
        <span style={{ width: `${count.total ? (100 * count.picked) / count.total : 0}%` }} />
      </div>
      <p class="progress-words" data-testid="pick-progress">
        {t("pick.left", { done: count.picked, total: count.total, metres: metresLeft(batch) })}
      </p>
      {pending.length > 0 && (
        <div class="pick-pending" data-testid="pick-pending">
          <h2>{t("pick.pending", { n: pending.length })}</h2>
          <ul>
            {pending.map((item) => (
              <li key={item.id}>{visible(item.label)}</li>
            ))}
          </ul>
        </div>
      )}
      <p class="step">{step}</p>
      <p class="location" data-testid="stop-location">{stop.location}</p>
      {stop.location_barcode && (
        <p class="muted location-label" data-testid="stop-label">{t("pick.label", { code: stop.location_barcode })}</p>
      )}
      <p class="location-words">{stop.location_words.split(" · ")[1] ?? ""}</p>
      <div class="product">
        {stop.product.image_url && <img src={stop.product.image_url} alt="" width={72} height={72} />}
        <div>
          <strong data-testid="stop-product">{stop.product.name}</strong>
          <span class="muted"> {stop.product.sku}</span>
        </div>
      </div>
      <p class="take">
        {t("pick.take")} <strong data-testid="stop-quantity">{need}</strong> {t("pick.intoTote", { n: tote ?? "" })}
      </p>
      {next?.action === "scan_tote" && next.tote_barcode && (
        <p class="muted tote-label" data-testid="tote-label">{t("pick.label", { code: next.tote_barcode })}</p>
      )}
      {counting && need > 1 && (
        <label class="field count">
          {t("pick.count")}
          <input ref={countField} name="count" inputMode="numeric" autoComplete="off" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
        </label>
      )}
      <p class="after">{after ? t("pick.nextAisle", { aisle: aisleOf(after) }) : t("pick.lastStop")}</p>
      {shorting ? (
        <ShortPick
          most={stop.quantity - stop.picked}
          cancel={() => setShorting(false)}
          send={(found) => {
            setShorting(false);
            void sendShort(batch.id, stop.id, found);
          }}
        />
      ) : (
        <div class="row">
          <button type="button" class="button secondary" onClick={() => setShorting(true)}>
            {t("pick.short")}
          </button>
          <button type="button" class="button secondary" onClick={() => void sendSkip(batch.id, stop.id)} disabled={!after}>
            {t("pick.skip")}
          </button>
        </div>
      )}
    </section>
  );
}
