import { useCallback } from "preact/hooks";
import { t, type MessageKey } from "../i18n";
import type { ScanEvent } from "../scan/bus";
import { give } from "../scan/feedback";
import { visible } from "../scan/keys";
import { useScans } from "../ui/hooks";

/** A job whose screens are not there yet: says so, and still answers scans. */
export function Placeholder({ title, body, name }: { title: MessageKey; body: MessageKey; name: string }) {
  const onScan = useCallback((scan: ScanEvent) => give("info", t("scan.noTarget", { code: visible(scan.raw) })), []);
  useScans(onScan);
  return (
    <section class="screen" data-screen={name}>
      <h1>{t(title)}</h1>
      <p class="lead">{t(body)}</p>
      <p class="notice">{t("soon")}</p>
    </section>
  );
}
