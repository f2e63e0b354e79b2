import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WedgeDetector, type WedgeScan } from "../src/scan/wedge";
import { GS, altCode, readKey, visible } from "../src/scan/keys";

/** Feed `text` one character every `gap` ms from `start`; returns the time of the last one. */
function type(detector: WedgeDetector, text: string, start: number, gap: number): number {
  let t = start;
  [...text].forEach((ch, i) => {
    t = start + i * gap;
    detector.char(ch, t);
  });
  return t;
}

function collect() {
  const scans: WedgeScan[] = [];
  const detector = new WedgeDetector((s) => scans.push(s));
  return { scans, detector };
}

describe("WedgeDetector", () => {
  it("reads a fast burst ending in Enter as one scan, suffix left out", () => {
    const { scans, detector } = collect();
    const last = type(detector, "BTPICK", 1000, 8);
    const scan = detector.suffix("Enter", last + 8);
    expect(scan).toEqual({ raw: "BTPICK", suffix: "Enter", startedAt: 1000, durationMs: 40 });
    expect(scans).toEqual([scan]);
  });

  it("accepts Tab as the suffix", () => {
    const { scans, detector } = collect();
    const last = type(detector, "TOT-7-Q", 0, 5);
    detector.suffix("Tab", last + 5);
    expect(scans.map((s) => [s.raw, s.suffix])).toEqual([["TOT-7-Q", "Tab"]]);
  });

  it("leaves a person typing alone: 120 ms between keys", () => {
    const { scans, detector } = collect();
    const last = type(detector, "1003", 0, 120); // one burst (120 < 200), median 120
    expect(detector.suffix("Enter", last + 150)).toBeNull();
    expect(scans).toEqual([]);
  });

  it("keeps GS and the AIM identifier exactly as delivered", () => {
    const { scans, detector } = collect();
    const raw = `]C10109501101530003${GS}10ABC`;
    const last = type(detector, raw, 0, 4);
    detector.suffix("Enter", last + 4);
    expect(scans[0]!.raw).toBe(raw);
    expect([...scans[0]!.raw].filter((c) => c === GS)).toHaveLength(1);
  });

  it("takes text committed in one piece (Android input method) as a burst", () => {
    const { scans, detector } = collect();
    detector.char("4006381333931", 500);
    detector.suffix("Enter", 502);
    expect(scans[0]).toEqual({ raw: "4006381333931", suffix: "Enter", startedAt: 500, durationMs: 0 });
  });

  it("starts over after a pause: slow keys typed before the burst are not part of the scan", () => {
    const { scans, detector } = collect();
    type(detector, "ab", 0, 300); // a person, at 0 and 300 ms
    const last = type(detector, "LOC-A-01-5", 601, 6); // 301 ms later: a new burst
    detector.suffix("Enter", last + 6);
    expect(scans.map((s) => s.raw)).toEqual(["LOC-A-01-5"]);
  });

  it("refuses a burst whose median gap is above 30 ms", () => {
    // 5 characters, 4 gaps of 40 ms: one burst (40 < 200), median 40 > 30.
    const { scans, detector } = collect();
    const last = type(detector, "12345", 0, 40);
    expect(detector.suffix("Enter", last + 10)).toBeNull();
    expect(scans).toEqual([]);
  });

  it("takes a burst whose median and average gaps are exactly 30 ms", () => {
    const { scans, detector } = collect();
    const last = type(detector, "12345", 0, 30); // 120 ms over 4 gaps
    detector.suffix("Enter", last + 10);
    expect(scans.map((s) => s.raw)).toEqual(["12345"]);
  });

  it("refuses bursts shorter than four characters", () => {
    const { scans, detector } = collect();
    const last = type(detector, "abc", 0, 2);
    expect(detector.suffix("Enter", last + 2)).toBeNull();
    expect(scans).toEqual([]);
  });

  it("keeps a code whose first key was held up (one slow gap in a fast burst)", () => {
    // Gaps: 150, then eight of 5 ms. Median 5; average (150 + 40) / 9 = 21.1.
    const { scans, detector } = collect();
    detector.char("B", 0);
    const last = type(detector, "DG-TPICK", 150, 5);
    detector.suffix("Enter", last + 5);
    expect(scans.map((s) => s.raw)).toEqual(["BDG-TPICK"]);
  });

  it("refuses a fast median when the average is above 60 ms (a person who typed two keys together)", () => {
    // Gaps: 5, 5, 5, 190, 190. Median 5; average 395 / 5 = 79 > 60.
    const { scans, detector } = collect();
    for (const [ch, t] of [["1", 0], ["2", 5], ["3", 10], ["4", 15], ["5", 205], ["6", 395]] as const) {
      detector.char(ch, t);
    }
    expect(detector.suffix("Enter", 400)).toBeNull();
    expect(scans).toEqual([]);
  });

  it("refuses a suffix that comes more than 200 ms after the last character", () => {
    const { scans, detector } = collect();
    const last = type(detector, "BTPICK", 0, 5); // last at 25
    expect(detector.suffix("Enter", last + 201)).toBeNull();
    expect(scans).toEqual([]);
  });

  it("an Enter alone is not a scan, and the detector is idle after every suffix", () => {
    const { scans, detector } = collect();
    expect(detector.suffix("Enter", 10)).toBeNull();
    const last = type(detector, "BTPICK", 20, 5);
    detector.suffix("Enter", last + 5);
    expect(detector.pending).toBe(0);
    expect(scans).toHaveLength(1);
  });

  it("reports whether a character started a new burst", () => {
    const { detector } = collect();
    expect(detector.char("a", 0)).toBe(true);
    expect(detector.char("b", 10)).toBe(false);
    expect(detector.char("c", 211)).toBe(true); // 201 ms > 200 ms
  });

  describe("with an idle end (scanners set up without a suffix)", () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it("ends a fast burst after 80 ms of quiet", () => {
      const scans: WedgeScan[] = [];
      const detector = new WedgeDetector((s) => scans.push(s), { idleEndMs: 80 });
      type(detector, "5901234123457", 0, 5);
      vi.advanceTimersByTime(79);
      expect(scans).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(scans.map((s) => [s.raw, s.suffix])).toEqual([["5901234123457", "none"]]);
    });

    it("does not end slow typing", () => {
      const scans: WedgeScan[] = [];
      const detector = new WedgeDetector((s) => scans.push(s), { idleEndMs: 80 });
      detector.char("1", 0);
      vi.advanceTimersByTime(50);
      detector.char("2", 50);
      vi.advanceTimersByTime(500);
      expect(scans).toEqual([]);
    });

    it("never ends on its own when the idle end is off", () => {
      const { scans, detector } = collect();
      type(detector, "5901234123457", 0, 5);
      vi.advanceTimersByTime(10_000);
      expect(scans).toEqual([]);
    });
  });
});

describe("readKey", () => {
  const key = (k: string, extra: Partial<Parameters<typeof readKey>[0]> = {}) =>
    readKey({ key: k, ctrlKey: false, altKey: false, metaKey: false, ...extra });

  it("reads characters from event.key", () => {
    expect(key("a")).toEqual({ kind: "char", text: "a" });
    expect(key("-")).toEqual({ kind: "char", text: "-" });
    expect(key("é")).toEqual({ kind: "char", text: "é" });
  });

  it("reads Enter and Tab as suffixes, but not with a modifier", () => {
    expect(key("Enter")).toEqual({ kind: "suffix", key: "Enter" });
    expect(key("Tab")).toEqual({ kind: "suffix", key: "Tab" });
    expect(key("Tab", { altKey: true })).toEqual({ kind: "reset" });
  });

  it("turns Ctrl+] into GS, on any layout through the physical key", () => {
    expect(key("]", { ctrlKey: true })).toEqual({ kind: "char", text: GS });
    expect(key("$", { ctrlKey: true, code: "BracketRight" })).toEqual({ kind: "char", text: GS });
  });

  it("collects Alt + numeric keypad digits", () => {
    expect(key("2", { altKey: true, code: "Numpad2" })).toEqual({ kind: "alt-digit", digit: "2" });
    expect(altCode("0029")).toBe(GS);
    expect(altCode("065")).toBe("A");
    expect(altCode("7")).toBeNull();
  });

  it("keeps AltGr characters (Ctrl+Alt on Windows) and drops shortcuts", () => {
    expect(key("|", { ctrlKey: true, altKey: true })).toEqual({ kind: "char", text: "|" });
    expect(key("c", { ctrlKey: true })).toEqual({ kind: "reset" });
    expect(key("v", { metaKey: true })).toEqual({ kind: "reset" });
  });

  it("resets on a held key and flags input-method keys", () => {
    expect(key("a", { repeat: true })).toEqual({ kind: "reset" });
    expect(key("Unidentified")).toEqual({ kind: "ime" });
    expect(key("Shift")).toEqual({ kind: "ignore" });
  });

  it("shows control characters in words", () => {
    expect(visible(`]C101${GS}10A\t`)).toBe("]C101<GS>10A\\x09");
  });
});
