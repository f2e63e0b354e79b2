/**
 * Camera scanning through the BarcodeDetector API. Where the browser has none (Firefox, Safari,
 * desktop Chrome on Linux and Windows) the `barcode-detector` ponyfill decodes with zxing-wasm;
 * its wasm is a file of this app, precached by the service worker, so the camera works offline
 * and never asks a CDN for the decoder (the library's default).
 */

import wasmUrl from "zxing-wasm/reader/zxing_reader.wasm?url";

export interface Detected {
  rawValue: string;
  format: string;
}

export interface Detector {
  detect(source: ImageBitmapSource): Promise<Detected[]>;
}

// Formats printed on warehouse labels and retail goods; fewer formats decode faster.
export const FORMATS = ["code_128", "ean_13", "ean_8", "upc_a", "upc_e", "itf", "data_matrix", "qr_code", "code_39"];

interface NativeDetectorClass {
  new (options: { formats: string[] }): Detector;
  getSupportedFormats(): Promise<string[]>;
}

export async function makeDetector(): Promise<Detector> {
  const native = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (native) {
    const supported = await native.getSupportedFormats();
    const formats = FORMATS.filter((f) => supported.includes(f));
    if (formats.length) return new native({ formats });
  }
  const ponyfill = await import("barcode-detector/ponyfill");
  await ponyfill.prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? new URL(wasmUrl, location.href).href : prefix + path),
    },
    fireImmediately: true,
  });
  return new ponyfill.BarcodeDetector({ formats: FORMATS as never });
}

/**
 * Accepts a code only after `needed` identical reads in a row: a camera decoder misreads now
 * and then, and a wrong code that passes its check digit would book the wrong unit.
 */
export class SteadyReads {
  private last = "";
  private count = 0;

  constructor(private readonly needed = 2) {}

  /** Feed the codes seen in one frame; returns the code to accept, if any. */
  see(codes: Detected[]): Detected | null {
    const first = codes[0];
    if (!first) {
      this.last = "";
      this.count = 0;
      return null;
    }
    this.count = first.rawValue === this.last ? this.count + 1 : 1;
    this.last = first.rawValue;
    if (this.count === this.needed) return first;
    return null;
  }

  reset(): void {
    this.last = "";
    this.count = 0;
  }
}
