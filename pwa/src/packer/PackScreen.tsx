import { useCallback } from "preact/hooks";
import { t } from "../i18n";
import type { ScanEvent } from "../scan/bus";
import { useScans } from "../ui/hooks";
import { sendUnit } from "./api";
import { CloseForm } from "./CloseForm";
import { Documents } from "./Documents";
import { lineDone, ordered, unitsLeft } from "./lines";
import { usePackSession } from "./useSession";
import "./packer.css";

export function PackScreen() {
  const { session, handed, open, close, handOff, reset } = usePackSession();
  const onScan = useCallback(
    (scan: ScanEvent) => {
      // With a parcel open, a scan is a unit; otherwise (or once closed) it opens the next one.
      if (session && session.state === "open") void sendUnit(session.id, scan.raw, scan.source);
      else void open(scan.raw);
    },
    [session, open],
  );
  useScans(onScan);

  if (!session) {
    return (
      <section class="screen pack" data-screen="pack">
        <h1>{t("pack.title")}</h1>
        <p class="lead scan-prompt">{t("packer.scanStart")}</p>
      </section>
    );
  }
  const left = unitsLeft(session);
  return (
    <section class="screen pack" data-screen={session.state === "open" ? "pack-verify" : "pack-closed"}>
      <h1>{t("packer.order", { number: session.order_number ?? String(session.order_id) })}</h1>
      {session.tote_code && <p class="muted">{t("packer.tote", { code: session.tote_code })}</p>}
      <ul class="pack-lines">
        {ordered(session).map((line) => (
          <li key={line.product.id} data-done={lineDone(line) ? "yes" : "no"} data-sku={line.product.sku}>
            <span class="tick">{lineDone(line) ? "✔" : "○"}</span>
            <span class="name">{line.product.name}</span>
            <strong>
              {line.packed}/{line.expected}
            </strong>
          </li>
        ))}
      </ul>
      {session.state === "open" && (
        <>
          <p class="lead" data-testid="units-left">{left > 0 ? t("packer.left", { n: left }) : t("packer.allScanned")}</p>
          {session.complete && <CloseForm close={(w, b) => void close(w, b)} />}
        </>
      )}
      {session.state === "closed" && session.shipment && (
        <>
          <p class="notice" data-testid="shipment">
            {t("packer.closed", { carrier: session.shipment.carrier, tracking: session.shipment.tracking_number })}
          </p>
          <Documents shipment={session.shipment} />
          {handed ? (
            <>
              <p class="notice good" data-testid="handed-over">{t("packer.handedOver")}</p>
              <button type="button" class="button primary" onClick={reset}>
                {t("packer.nextOrder")}
              </button>
            </>
          ) : (
            <button type="button" class="button primary" onClick={() => void handOff()}>
              {t("packer.handOver")}
            </button>
          )}
        </>
      )}
    </section>
  );
}
