/** The words for an answer: the floor's words for the code in the user's language, and in
 * English the server's own detail, which names the bin or tote to go to. */

import { language, t, type MessageKey } from "../i18n";
import { en } from "../i18n/en";

export function refusalWords(code: string | undefined, detail: string | undefined): string {
  const key = `reason.${code ?? "other"}`;
  const words = key in en ? t(key as MessageKey) : t("reason.other");
  if (!detail) return words;
  return language() === "en" ? detail : `${words} (${detail})`;
}

export function acceptedWords(result: string | undefined, quantity: number | undefined, tote: number | undefined): string {
  const key = `good.${result}`;
  if (!(key in en)) return t("good.tote_confirmed");
  return t(key as MessageKey, { n: quantity ?? 1, tote: tote ?? "" });
}
