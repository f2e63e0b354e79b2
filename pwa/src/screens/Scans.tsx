import { useCallback, useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import { observe, type ScanEvent } from "../scan/bus";
import { give } from "../scan/feedback";
import { visible } from "../scan/keys";
import { queue, startSending } from "../queue";
import { Camera } from "../ui/Camera";
import { useQueue, useScans } from "../ui/hooks";

const LOG_SIZE = 20;

function codePoints(raw: string): string {
  return [...raw].map((ch) => ch.codePointAt(0)!.toString(16).padStart(2, "0")).join(" ");
}

/** What the scanner really sends (set-up help) and what waits to reach the server. */
export function Scans() {
  const [log, setLog] = useState<ScanEvent[]>([]);
  const [camera, setCamera] = useState(false);
  const items = useQueue();

  useEffect(() => observe((scan) => setLog((old) => [scan, ...old].slice(0, LOG_SIZE))), []);
  const onScan = useCallback((scan: ScanEvent) => give("good", t("scan.read", { code: visible(scan.raw) })), []);
  useScans(onScan);

  return (
    <section class="screen" data-screen="scans">
      <h1>{t("scans.title")}</h1>
      <p class="hint">{t("scans.hint")}</p>
      {camera ? (
        <Camera onClose={() => setCamera(false)} />
      ) : (
        <button type="button" class="button secondary" onClick={() => setCamera(true)}>
          {t("camera.start")}
        </button>
      )}
      {log.length === 0 ? (
        <p class="muted">{t("scans.none")}</p>
      ) : (
        <ol class="scan-log" data-testid="scan-log">
          {log.map((scan, i) => (
            <li key={i}>
              <code class="scan-text">{visible(scan.raw)}</code>
              <small class="scan-meta">
                {scan.source}
                {scan.format ? ` · ${scan.format}` : ""} · {codePoints(scan.raw)}
              </small>
            </li>
          ))}
        </ol>
      )}
      <h2>{t("scans.pending")}</h2>
      {items.length === 0 ? (
        <p class="muted" data-testid="queue-empty">{t("scans.noPending")}</p>
      ) : (
        <ul class="queue" data-testid="queue">
          {items.map((item) => (
            <li key={item.id} class={`queue-item ${item.state}`}>
              <span class="queue-label">{item.label || item.url}</span>
              <span class="queue-state">{item.state === "pending" ? t("scans.pending") : t("scans.rejected")}</span>
              {item.error && <span class="queue-error">{item.error}</span>}
              {item.state === "rejected" && (
                <button type="button" class="button small" onClick={() => void queue.dismiss(item.id)}>
                  {t("scans.dismiss")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {items.some((i) => i.state === "pending") && (
        <button type="button" class="button secondary" onClick={startSending}>
          {t("scans.sendNow")}
        </button>
      )}
    </section>
  );
}
