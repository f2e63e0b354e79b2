import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n";
import { emit } from "../scan/bus";
import { makeDetector, SteadyReads } from "../scan/camera";

const FRAME_MS = 150;

/** Live camera preview that turns barcodes it sees into scans, like the wedge does. */
export function Camera({ onClose }: { onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const steady = new SteadyReads(2);

    const start = async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new DOMException("no camera", "NotFoundError");
        // facingMode, not a device id: iOS reports empty ids and would pick the front camera.
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
        if (stopped) return;
        const el = video.current!;
        el.srcObject = stream;
        await el.play();
        const detector = await makeDetector();
        setReady(true);
        const tick = async () => {
          if (stopped) return;
          if (el.readyState >= 2) {
            const codes = await detector.detect(el).catch(() => []);
            const accepted = steady.see(codes);
            if (accepted) emit({ raw: accepted.rawValue, source: "camera", format: accepted.format });
          }
          timer = setTimeout(tick, FRAME_MS);
        };
        void tick();
      } catch (e) {
        const name = e instanceof DOMException ? e.name : "";
        setError(name === "NotAllowedError" ? t("camera.denied") : t("camera.unavailable"));
      }
    };
    void start();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  return (
    <div class="camera">
      {error ? <p class="camera-error">{error}</p> : !ready && <p>{t("camera.loading")}</p>}
      <video ref={video} class="camera-video" muted playsInline />
      <button type="button" class="button secondary" onClick={onClose}>
        {t("camera.stop")}
      </button>
    </div>
  );
}
