/** How far the parcel is: pure, for the screen and the tests. */
import type { Line, PackSession } from "./types";

export function lineDone(line: Line): boolean {
  return line.packed >= line.expected;
}

export function unitsLeft(session: PackSession): number {
  return session.lines.reduce((sum, line) => sum + Math.max(0, line.expected - line.packed), 0);
}

/** Lines still to scan first, then the finished ones: the next unit to find is on top. */
export function ordered(session: PackSession): Line[] {
  return [...session.lines.filter((l) => !lineDone(l)), ...session.lines.filter(lineDone)];
}

/** The heaviest parcel a carrier takes, in grams (the server refuses more). */
export const MAX_GRAMS = 70_000;

/** Grams as typed: digits only, 1 to MAX_GRAMS (a parcel weighs something, carriers have a limit). */
export function grams(typed: string): number | null {
  const text = typed.trim();
  if (!/^\d{1,7}$/.test(text)) return null;
  const n = Number.parseInt(text, 10);
  return n >= 1 && n <= MAX_GRAMS ? n : null;
}

export const BOXES = ["S", "M", "L", "XL"] as const;
