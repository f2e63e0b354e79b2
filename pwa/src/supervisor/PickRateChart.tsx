import { t } from "../i18n";
import { chartGeometry } from "./chart";

const W = 480;
const H = 120;

export function PickRateChart({ today, average }: { today: number[]; average: number[] }) {
  const g = chartGeometry(today, average, W, H);
  const slot = W / g.bars.length;
  return (
    <figure class="sup-chart" data-part="pick-rate">
      <svg viewBox={`0 -6 ${W} ${H + 24}`} role="img" aria-label={t("sup.dash.chartLabel")}>
        {g.bars.map((bar) => (
          <g key={bar.hour}>
            <rect x={bar.x} y={bar.y} width={slot * 0.7} height={bar.height} class="sup-chart-bar">
              <title>{`${bar.hour}:00 · ${bar.value}`}</title>
            </rect>
            {bar.hour % 2 === 0 && (
              <text x={bar.x + slot * 0.35} y={H + 16} text-anchor="middle" class="sup-chart-hour">{bar.hour}</text>
            )}
          </g>
        ))}
        <path d={g.average} class="sup-chart-average" />
      </svg>
      <figcaption class="sup-mini">
        <span class="sup-key-bar" /> {t("sup.dash.chartToday")} <span class="sup-key-line" /> {t("sup.dash.chartAverage")}
      </figcaption>
    </figure>
  );
}
