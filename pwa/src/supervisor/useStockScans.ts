import { useCallback } from "preact/hooks";
import { t } from "../i18n";
import type { ScanEvent } from "../scan/bus";
import { give } from "../scan/feedback";
import { useScans } from "../ui/hooks";
import { searchableCode } from "./entry";
import { stock } from "./stockApi";

/** A scan on the stock screen is a bin or a product, whichever the server knows it as. */
export function useStockScans(onLocation: (code: string) => void, onSku: (sku: string) => void): void {
  const onScan = useCallback(
    (scan: ScanEvent) => {
      const code = searchableCode(scan.raw);
      void (async () => {
        if (await stock.isLocation(code)) {
          onLocation(code);
          give("good", t("sup.stock.scannedLocation", { code }));
          return;
        }
        const sku = await stock.skuFor(code);
        if (sku) {
          onSku(sku);
          give("good", t("sup.stock.scannedProduct", { sku }));
        } else give("bad", t("sup.stock.unknownCode", { code }));
      })().catch(() => give("bad", t("sup.offline")));
    },
    [onLocation, onSku],
  );
  useScans(onScan);
}
