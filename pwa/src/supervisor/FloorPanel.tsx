import { t } from "../i18n";
import { api } from "../api/client";
import { PickRateChart } from "./PickRateChart";
import type { Loaded } from "./useLoad";

export interface BatchProgress {
  id: number;
  code: string;
  status: string;
  picker: string | null;
  units_total: number;
  units_picked: number;
  percent_done: number;
  route_length_m: number;
  walked_m: number;
  assigned_picker: string | null;
  assigned_picker_id: number | null;
  lines_picked: number;
  lines_per_hour: number | null;
}

export interface Floor {
  batches: BatchProgress[];
  totes_aside: number;
  put_away_open: number;
  pick_rate: { today: number[]; weekday_average: number[] };
}

export const loadFloor = () => api.get<Floor>("/api/dashboard/floor");

/** Who picks what, how far they are, and what waits for a supervisor on the floor. */
export function FloorPanel({ floor }: { floor: Loaded<Floor> }) {
  const f = floor.data;
  if (!f) return null;
  return (
    <div data-part="floor">
      <h2>{t("sup.dash.batches")}</h2>
      {f.batches.length === 0 ? (
        <p class="muted">{t("sup.dash.noBatches")}</p>
      ) : (
        <ul class="sup-rows" data-list="batches">
          {f.batches.map((b) => (
            <li key={b.id} class="sup-batch-row" data-batch={b.code}>
              <strong>{b.code}</strong>
              <span class="sup-grow">
                {b.picker ?? t("sup.dash.noPicker")}
                {b.assigned_picker && b.assigned_picker !== b.picker && (
                  <span class="sup-mini"> · {t("sup.dash.assigned", { name: b.assigned_picker })}</span>
                )}
              </span>
              <span class="sup-progress" aria-label={t("sup.dash.percent", { n: b.percent_done })}>
                <span style={{ width: `${b.percent_done}%` }} />
              </span>
              <span class="sup-mini">
                {t("sup.dash.batchFigures", {
                  picked: b.units_picked, total: b.units_total, m: b.route_length_m, walked: b.walked_m,
                  rate: b.lines_per_hour === null ? "—" : b.lines_per_hour,
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("sup.dash.exceptions")}</h2>
      <ul class="sup-counts">
        <li><span class="sup-count-row" data-exception="aside"><span>{t("sup.dash.totesAside")}</span><strong>{f.totes_aside}</strong></span></li>
        <li><span class="sup-count-row" data-exception="put-away"><span>{t("sup.dash.putAway")}</span><strong>{f.put_away_open}</strong></span></li>
      </ul>
      <h2>{t("sup.dash.pickRate")}</h2>
      <PickRateChart today={f.pick_rate.today} average={f.pick_rate.weekday_average} />
    </div>
  );
}
