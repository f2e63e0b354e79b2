/** A refused action in words: the API's reason and its advice, for the screen that asked. */

import { ApiError, NetworkError } from "../api/client";
import { t } from "../i18n";

export interface Refusal {
  reason: string;
  advice: string | null;
  code: string | null;
  field: string | null;
}

/**
 * The API writes a refusal as "what forbids it: what to do instead."; showing the two parts on
 * their own lines lets a supervisor see the way out at a glance.
 */
export function splitDetail(detail: string): { reason: string; advice: string | null } {
  const cut = detail.indexOf(": ");
  // A field path prefix ("lines[0].sku: no product …") is not a reason of its own.
  if (cut < 0 || /^[\w.[\]]+$/.test(detail.slice(0, cut))) return { reason: detail, advice: null };
  const advice = detail.slice(cut + 2).replace(/\.$/, "");
  return { reason: detail.slice(0, cut), advice: advice.charAt(0).toUpperCase() + advice.slice(1) + "." };
}

export function refusal(error: unknown): Refusal {
  if (error instanceof ApiError) {
    const detail = error.problem.detail ?? error.problem.title ?? `HTTP ${error.status}`;
    const field = typeof error.problem.field === "string" ? error.problem.field : null;
    return { ...splitDetail(detail), code: error.code ?? null, field };
  }
  if (error instanceof NetworkError) return { reason: t("sup.offline"), advice: null, code: null, field: null };
  return { reason: String(error instanceof Error ? error.message : error), advice: null, code: null, field: null };
}
