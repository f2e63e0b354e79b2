/**
 * Tells a keyboard-wedge scanner from a person typing, by timing alone.
 *
 * A scanner types a whole code in a burst (a few milliseconds a key) and ends it with its
 * suffix, Enter or Tab; a person needs 80 ms or more between keys. Feed the detector every
 * character and suffix key with its time; it calls `onScan` with the code, suffix excluded,
 * every other character (GS 0x1D, an AIM identifier such as `]C1`) kept as delivered, because
 * the server's `scanners.parse` reads them.
 *
 * The test is on the median gap, not the largest: Bluetooth links and busy handhelds hold up
 * a key now and then (often the first one), and one slow gap must not cut a code in two.
 */

export interface WedgeOptions {
  /** A longer pause between two characters starts a new burst. */
  burstGapMs: number;
  /** A burst is a scan only when half its gaps or more are this short… */
  maxMedianGapMs: number;
  /** …and its gaps are this short on average (a few slow keys are a person after all). */
  maxAvgGapMs: number;
  /** Longest pause between the last character and the suffix key. */
  maxSuffixGapMs: number;
  /** Shorter bursts are people (or a stray double key press). */
  minLength: number;
  /** For scanners set up without a suffix: end a burst after this much quiet; null = never. */
  idleEndMs: number | null;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = {
  burstGapMs: 200,
  maxMedianGapMs: 30,
  maxAvgGapMs: 60,
  maxSuffixGapMs: 200,
  minLength: 4,
  idleEndMs: null,
};

export type Suffix = "Enter" | "Tab" | "none";

export interface WedgeScan {
  raw: string;
  suffix: Suffix;
  /** Time of the first character, in the clock of the times fed in. */
  startedAt: number;
  durationMs: number;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class WedgeDetector {
  readonly options: WedgeOptions;
  private chars: string[] = [];
  private times: number[] = [];
  private idleTimer: unknown = null;

  constructor(
    private readonly onScan: (scan: WedgeScan) => void,
    options: Partial<WedgeOptions> = {},
    private readonly timers: Timers = realTimers,
  ) {
    this.options = { ...DEFAULT_WEDGE_OPTIONS, ...options };
  }

  /** Characters of the burst so far (0 when idle). */
  get pending(): number {
    return this.chars.length;
  }

  /** Feed one character typed at `time` (ms). Returns true when it started a new burst. */
  char(ch: string, time: number): boolean {
    const last = this.times[this.times.length - 1];
    const fresh = last === undefined || time - last > this.options.burstGapMs;
    if (fresh) this.reset();
    for (const c of ch) {
      this.chars.push(c);
      this.times.push(time);
    }
    this.armIdle();
    return fresh;
  }

  /**
   * Feed a suffix key pressed at `time`. Reports and returns the scan it ended, or null when
   * the keys before it were a person typing (then the key is theirs: let it do its usual job).
   */
  suffix(key: "Enter" | "Tab", time: number): WedgeScan | null {
    const last = this.times[this.times.length - 1];
    const scan =
      last !== undefined && time - last <= this.options.maxSuffixGapMs ? this.take(key) : null;
    this.reset();
    if (scan) this.onScan(scan);
    return scan;
  }

  /** Forget the burst (focus moved, a key was held down, the screen changed). */
  reset(): void {
    this.chars = [];
    this.times = [];
    if (this.idleTimer !== null) {
      this.timers.clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
  }

  private take(suffix: Suffix): WedgeScan | null {
    const n = this.chars.length;
    if (n < this.options.minLength) return null;
    const first = this.times[0]!;
    const duration = this.times[n - 1]! - first;
    const gaps = this.times.slice(1).map((t, i) => t - this.times[i]!);
    if (median(gaps) > this.options.maxMedianGapMs) return null;
    if (gaps.length && duration / gaps.length > this.options.maxAvgGapMs) return null;
    return { raw: this.chars.join(""), suffix, startedAt: first, durationMs: duration };
  }

  private armIdle(): void {
    const idle = this.options.idleEndMs;
    if (idle === null) return;
    if (this.idleTimer !== null) this.timers.clearTimeout(this.idleTimer);
    this.idleTimer = this.timers.setTimeout(() => {
      this.idleTimer = null;
      const scan = this.take("none");
      this.reset();
      if (scan) this.onScan(scan);
    }, idle);
  }
}

function median(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
