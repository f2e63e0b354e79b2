import { useCallback, useState } from "preact/hooks";
import { t } from "../i18n";
import type { ScanEvent } from "../scan/bus";
import { give } from "../scan/feedback";
import { visible } from "../scan/keys";
import { useScans } from "../ui/hooks";
import { RouteMap } from "./RouteMap";
import type { Batch } from "./types";
import { metresLeft } from "./walk";

/** Before the walk: the route, then one tote per cart place (scanned, or free totes). */
export function BindTotes({ batch, map, start }: { batch: Batch; map: string | null; start: (totes: string[]) => void }) {
  const [totes, setTotes] = useState<string[]>([]);
  const onScan = useCallback(
    (scan: ScanEvent) => {
      setTotes((now) => {
        if (now.length >= batch.totes.length || now.includes(scan.raw)) {
          give("bad", t("reason.wrong_tote"));
          return now;
        }
        give("good", t("pick.bound", { code: visible(scan.raw), n: now.length + 1 }));
        return [...now, scan.raw];
      });
    },
    [batch.totes.length],
  );
  useScans(onScan);
  const full = totes.length === batch.totes.length;
  return (
    <section class="screen pick" data-screen="pick-bind">
      <h1>{t("pick.batch", { code: String(batch.id) })}</h1>
      <p class="lead">
        {t("pick.summary", { stops: batch.stops.length, units: batch.units_total, metres: metresLeft(batch) })}
      </p>
      <RouteMap svg={map} />
      <h2>{t("pick.bindTitle")}</h2>
      <p class="hint">{t("pick.bindHint")}</p>
      <ol class="cart">
        {batch.totes.map((tote, i) => (
          <li key={tote.position} data-bound={totes[i] ? "yes" : "no"}>
            {t("pick.place", { n: tote.position, order: tote.order_number ?? String(tote.order_id) })}
            {totes[i] && <strong> · {visible(totes[i]!)}</strong>}
          </li>
        ))}
      </ol>
      {full ? (
        <button type="button" class="button primary" onClick={() => start(totes)}>
          {t("pick.start")}
        </button>
      ) : (
        <button type="button" class="button secondary" onClick={() => start([])} disabled={totes.length > 0}>
          {t("pick.freeTotes")}
        </button>
      )}
    </section>
  );
}
