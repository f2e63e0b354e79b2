/** Geometry of the pick-rate chart: bars for today, a line for the weekday average. */

export interface ChartGeometry {
  bars: { hour: number; x: number; y: number; height: number; value: number }[];
  average: string;
  max: number;
}

/** Hours shown: the working day (06–21) unless picks fall outside it. */
export function shownHours(today: number[], average: number[]): number[] {
  const busy = (h: number) => (today[h] ?? 0) > 0 || (average[h] ?? 0) > 0;
  let from = 6;
  let to = 21;
  for (let h = 0; h < 24; h++) {
    if (busy(h)) {
      from = Math.min(from, h);
      to = Math.max(to, h);
    }
  }
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function chartGeometry(today: number[], average: number[], width: number, height: number): ChartGeometry {
  const hours = shownHours(today, average);
  const max = Math.max(1, ...hours.map((h) => Math.max(today[h] ?? 0, average[h] ?? 0)));
  const slot = width / hours.length;
  const scale = (v: number) => (v / max) * height;
  const bars = hours.map((hour, i) => {
    const value = today[hour] ?? 0;
    return { hour, x: i * slot + slot * 0.15, y: height - scale(value), height: scale(value), value };
  });
  const average_ = hours
    .map((hour, i) => `${i === 0 ? "M" : "L"}${(i * slot + slot / 2).toFixed(1)},${(height - scale(average[hour] ?? 0)).toFixed(1)}`)
    .join(" ");
  return { bars, average: average_, max };
}
