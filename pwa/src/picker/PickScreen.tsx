import { useCallback } from "preact/hooks";
import { t } from "../i18n";
import type { ScanEvent } from "../scan/bus";
import { give } from "../scan/feedback";
import { visible } from "../scan/keys";
import { useQueue, useScans } from "../ui/hooks";
import { BindTotes } from "./BindTotes";
import { StopView } from "./StopView";
import { useBatch } from "./useBatch";
import { batchIdOf, currentStop, pendingScans } from "./walk";
import "./picker.css";

export function PickScreen() {
  const { state, loaded, problem, take, open, start, finish } = useBatch();
  const items = useQueue();
  if (!loaded) return <p class="muted">{t("pick.loading")}</p>;
  if (!state) return <Take take={take} open={open} problem={problem} />;
  const { batch, next, map } = state;
  if (batch.status === "created") return <BindTotes batch={batch} map={map} start={start} />;
  const pending = pendingScans(batch.id, items);
  if (pending.length === 0 && (batch.status === "closed" || !currentStop(batch, next))) {
    return <Done finish={finish} />;
  }
  return <StopView batch={batch} next={next} pending={pending} />;
}

interface TakeProps {
  take: () => void;
  open: (id: number) => void;
  problem: string | null;
}

/** No batch yet: the next one from the server, or the one whose pick list is scanned. */
function Take({ take, open, problem }: TakeProps) {
  const onScan = useCallback(
    (scan: ScanEvent) => {
      const id = batchIdOf(scan.raw);
      if (id !== null) open(id);
      else give("bad", t("scan.noTarget", { code: visible(scan.raw) }));
    },
    [open],
  );
  useScans(onScan);
  return (
    <section class="screen pick" data-screen="pick">
      <h1>{t("pick.title")}</h1>
      <button type="button" class="button primary" onClick={take}>
        {t("pick.next")}
      </button>
      <p class="hint">{t("pick.scanList")}</p>
      {problem && (
        <p class="notice" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

function Done({ finish }: { finish: () => void }) {
  return (
    <section class="screen pick" data-screen="pick-done">
      <h1>{t("pick.done")}</h1>
      <button type="button" class="button primary" onClick={finish}>
        {t("pick.another")}
      </button>
    </section>
  );
}
