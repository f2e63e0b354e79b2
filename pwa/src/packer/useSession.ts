/** The parcel on the bench: opened by a scan, moved on by the answers to its unit scans. */

import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, NetworkError } from "../api/client";
import { t } from "../i18n";
import { queue } from "../queue";
import type { QueuedRequest, SendResult } from "../queue/offline-queue";
import { give } from "../scan/feedback";
import { refusalWords } from "../picker/words";
import { closeSession, getShipment, handOver, openSession, scansUrl } from "./api";
import type { PackSession, Shipment } from "./types";

export function problemWords(error: unknown): string {
  if (error instanceof NetworkError) return t("login.offline");
  if (error instanceof ApiError) return refusalWords(error.code, error.problem.detail);
  return String(error);
}

export function usePackSession() {
  const [session, setSession] = useState<PackSession | null>(null);
  const [handed, setHanded] = useState<Shipment | null>(null);

  useEffect(() => {
    if (!session) return;
    const url = scansUrl(session.id);
    return queue.onAnswer((request: QueuedRequest, result: SendResult) => {
      if (request.url !== url) return;
      if (result.outcome === "sent") {
        const answer = result.response as { session?: PackSession; message?: string } | undefined;
        if (answer?.session) setSession(answer.session);
        give("good", answer?.message ?? t("packer.allScanned"));
      } else if (result.outcome === "rejected") {
        const problem = (result.response ?? {}) as { code?: string; detail?: string };
        give("bad", refusalWords(problem.code, problem.detail ?? result.reason));
        void queue.dismiss(request.id);
      }
    });
  }, [session?.id]);

  const open = useCallback(async (code: string) => {
    try {
      const opened = await openSession(code);
      setSession(opened);
      setHanded(null);
      give("good", opened.order_number ? t("packer.order", { number: opened.order_number }) : t("packer.scanUnits"));
    } catch (error) {
      give("bad", problemWords(error));
    }
  }, []);

  const close = useCallback(async (weight: number, box: string) => {
    if (!session) return;
    try {
      const closed = await closeSession(session.id, weight, box);
      setSession(closed);
      give("good", t("packer.closed", { carrier: closed.shipment?.carrier ?? "", tracking: closed.shipment?.tracking_number ?? "" }));
    } catch (error) {
      give("bad", problemWords(error));
    }
  }, [session]);

  const handOff = useCallback(async () => {
    const shipment = session?.shipment;
    if (!shipment) return;
    try {
      setHanded(await handOver(shipment.id));
      give("good", t("packer.handedOver"));
    } catch (error) {
      // A hold voided this label and its release issued a new one: show that one to print.
      const fresh = error instanceof ApiError && error.code === "label_void" ? error.problem.current_shipment_id : undefined;
      if (typeof fresh === "number" && session) {
        try {
          setSession({ ...session, shipment: await getShipment(fresh) });
          give("bad", t("packer.newLabel"));
          return;
        } catch {
          // Fall through to the refusal's own words.
        }
      }
      give("bad", problemWords(error));
    }
  }, [session]);

  const reset = useCallback(() => {
    setSession(null);
    setHanded(null);
  }, []);

  return { session, handed, open, close, handOff, reset };
}
