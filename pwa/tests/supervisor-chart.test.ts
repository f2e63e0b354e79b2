import { describe, expect, it } from "vitest";
import { chartGeometry, shownHours } from "../src/supervisor/chart";

const hours = (values: Record<number, number>) => Array.from({ length: 24 }, (_, h) => values[h] ?? 0);

describe("pick-rate chart", () => {
  it("shows the working day, widened to any hour with picks", () => {
    expect(shownHours(hours({}), hours({}))).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
    expect(shownHours(hours({ 5: 1 }), hours({ 22: 0.5 }))[0]).toBe(5);
    expect(shownHours(hours({ 5: 1 }), hours({ 22: 0.5 })).at(-1)).toBe(22);
  });

  it("scales bars and the average line to the busiest hour", () => {
    // 16 hours (06–21) over 160 units wide: 10 per hour; the busiest value, 8, is full height.
    const g = chartGeometry(hours({ 9: 8, 10: 4 }), hours({ 9: 2 }), 160, 80);
    expect(g.max).toBe(8);
    const nine = g.bars.find((b) => b.hour === 9)!;
    expect(nine).toEqual({ hour: 9, x: 31.5, y: 0, height: 80, value: 8 });
    expect(g.bars.find((b) => b.hour === 10)!.height).toBe(40);
    expect(g.average.split(" ").slice(2, 5)).toEqual(["L25.0,80.0", "L35.0,60.0", "L45.0,80.0"]);
  });

  it("draws an empty day flat", () => {
    const g = chartGeometry(hours({}), hours({}), 160, 80);
    expect(g.max).toBe(1);
    expect(g.bars.every((b) => b.height === 0 && b.y === 80)).toBe(true);
  });
});
