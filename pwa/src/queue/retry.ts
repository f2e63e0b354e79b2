/**
 * When to try the queue again: at start (a reload must not wait for the network to change),
 * when the browser says it is back online, and after a failed run with a growing pause
 * (1 s, 2 s, 4 s … 30 s), since `online` fires only on a link change, not when a server returns.
 */

import type { FlushReport, OfflineQueue } from "./offline-queue";

export interface RetryTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const MAX_PAUSE_MS = 30_000;

export function nextPause(failures: number): number {
  return Math.min(1000 * 2 ** Math.max(0, failures - 1), MAX_PAUSE_MS);
}

export function keepSending(
  queue: Pick<OfflineQueue, "flush" | "subscribe">,
  target: Pick<Window, "addEventListener" | "removeEventListener">,
  timers: RetryTimers = {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  },
): { stop: () => void; kick: () => Promise<FlushReport>; started: Promise<FlushReport> } {
  let failures = 0;
  let timer: unknown = null;
  let stopped = false;

  const kick = async (): Promise<FlushReport> => {
    if (timer !== null) {
      timers.clearTimeout(timer);
      timer = null;
    }
    const report = await queue.flush();
    if (stopped) return report;
    if (report.stoppedBy === null) {
      failures = 0;
    } else {
      failures += 1;
      timer = timers.setTimeout(() => void kick(), nextPause(failures));
    }
    return report;
  };

  const onOnline = () => void kick();
  target.addEventListener("online", onOnline);
  const started = kick();
  return {
    kick,
    started,
    stop: () => {
      stopped = true;
      target.removeEventListener("online", onOnline);
      if (timer !== null) timers.clearTimeout(timer);
    },
  };
}
