/**
 * Hands each scan to the one screen (or dialog) that listens last: a dialog opened over a
 * screen takes the scans while it is open, and the screen gets them back when it closes.
 */

export type ScanSource = "wedge" | "camera" | "manual";

export interface ScanEvent {
  raw: string;
  source: ScanSource;
  /** Symbology the camera decoder reported (BarcodeDetector format name), if any. */
  format?: string;
}

type Handler = (scan: ScanEvent) => void;

const handlers: Handler[] = [];
const seen: ((scan: ScanEvent) => void)[] = [];

export function listen(handler: Handler): () => void {
  handlers.push(handler);
  return () => {
    const i = handlers.lastIndexOf(handler);
    if (i >= 0) handlers.splice(i, 1);
  };
}

/** Observe every scan without taking it (the diagnostics log). */
export function observe(observer: (scan: ScanEvent) => void): () => void {
  seen.push(observer);
  return () => {
    const i = seen.indexOf(observer);
    if (i >= 0) seen.splice(i, 1);
  };
}

/** Deliver a scan; returns false when no screen takes scans right now. */
export function emit(scan: ScanEvent): boolean {
  for (const observer of seen) observer(scan);
  const handler = handlers[handlers.length - 1];
  if (!handler) return false;
  handler(scan);
  return true;
}
