/**
 * The picker's batch: restored from IndexedDB first (works offline), refreshed from the server
 * when it answers, and moved on by the answers to this batch's queued scans, including the
 * ones replayed after a spell offline.
 */

import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, NetworkError } from "../api/client";
import { session } from "../auth/session";
import { t } from "../i18n";
import { queue } from "../queue";
import type { QueuedRequest, SendResult } from "../queue/offline-queue";
import { give } from "../scan/feedback";
import { getBatch, nextBatch, routeUrl, startBatch } from "./api";
import { fetchText } from "./files";
import { forget, keep, kept, type Kept } from "./store";
import type { Batch, ScanAnswer } from "./types";
import { acceptedWords, refusalWords } from "./words";

export interface PickState extends Kept {
  map: string | null;
}

const user = () => session.user()?.username ?? "";

export function useBatch() {
  const [state, setState] = useState<PickState | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const save = useCallback((next: PickState | null) => {
    setState(next);
    void (next ? keep(user(), next) : forget(user()));
  }, []);

  // Only the batch is replaced: answers that arrived while the batch was fetched keep their
  // instruction (fetches can finish out of order; the instruction is the latest answer's).
  const refresh = useCallback(async (id: number) => {
    let batch: Awaited<ReturnType<typeof getBatch>>;
    try {
      batch = await getBatch(id);
    } catch {
      // Offline or the server is busy: the kept batch stays on screen.
      return;
    }
    setState((current) => {
      if (!current || current.batch.id !== id) return current;
      const latest = { ...current, batch: newer(current.batch, batch) };
      void keep(user(), latest);
      return latest;
    });
  }, []);

  useEffect(() => {
    let alive = true;
    void kept(user()).then(async (found) => {
      if (!alive) return;
      const restored = found ? { map: null, ...found } as PickState : null;
      setState(restored);
      setLoaded(true);
      if (restored) await refresh(restored.batch.id);
    });
    return () => {
      alive = false;
    };
  }, [refresh]);

  useEffect(() => {
    if (!state) return;
    const prefix = `/api/pick-batches/${state.batch.id}/`;
    return queue.onAnswer((request: QueuedRequest, result: SendResult) => {
      if (!request.url.startsWith(prefix)) return;
      const answer = ((result.outcome === "sent" ? result.response : result.outcome === "rejected" ? result.response : null) ?? {}) as ScanAnswer;
      if (result.outcome === "sent") {
        give("good", acceptedWords(answer.result, (answer as { quantity?: number }).quantity, (answer as { tote?: number }).tote));
      } else if (result.outcome === "rejected") {
        give("bad", refusalWords(answer.code, answer.detail ?? result.reason));
        void queue.dismiss(request.id);
      }
      setState((current) => {
        if (!current) return current;
        const updated = { ...current, next: answer.next ?? current.next };
        void keep(user(), updated);
        return updated;
      });
      void refresh(state.batch.id);
    });
  }, [state?.batch.id, refresh]);

  const take = useCallback(async () => {
    setProblem(null);
    try {
      const batch = await nextBatch();
      const map = await fetchText(routeUrl(batch.id)).catch(() => null);
      save({ batch, next: batch.next ?? null, map });
    } catch (error) {
      setProblem(problemWords(error));
    }
  }, [save]);

  const start = useCallback(async (totes: string[]) => {
    if (!state) return;
    setProblem(null);
    try {
      const batch = await startBatch(state.batch.id, totes);
      save({ ...state, batch, next: batch.next ?? state.next });
      give("good", t("pick.batch", { code: String(batch.id) }));
    } catch (error) {
      const words = problemWords(error);
      setProblem(words);
      give("bad", words);
    }
  }, [state, save]);

  const open = useCallback(async (id: number) => {
    setProblem(null);
    try {
      const batch = await getBatch(id);
      const map = await fetchText(routeUrl(batch.id)).catch(() => null);
      save({ batch, next: batch.next ?? null, map });
      give("good", t("pick.batch", { code: String(batch.id) }));
    } catch (error) {
      const words = problemWords(error);
      setProblem(words);
      give("bad", words);
    }
  }, [save]);

  const finish = useCallback(() => save(null), [save]);

  return { state, loaded, problem, take, open, start, finish };
}

/** Of two fetches of one batch, the one that has seen more work done (a late, older answer
 * must not bring back a stop already picked). */
function newer(a: Batch, b: Batch): Batch {
  const done = (x: Batch) => x.units_picked + x.stops.filter((s) => s.state !== "open").length;
  return done(a) > done(b) ? a : b;
}

function problemWords(error: unknown): string {
  if (error instanceof NetworkError) return t("pick.offlineStart");
  if (error instanceof ApiError) {
    if (error.code === "no_orders_waiting") return t("pick.none");
    if (error.code === "orders_busy" || error.code === "order_in_batch") return t("pick.busy");
    return refusalWords(error.code, error.problem.detail);
  }
  return String(error);
}
