/**
 * The three languages of the floor. The choice is the user's (stored on the server as
 * `users.language`); before login the device remembers the last one used.
 */

import { useEffect, useState } from "preact/hooks";
import { en, type MessageKey } from "./en";
import { fr } from "./fr";
import { nl } from "./nl";

export const LANGUAGES = { en: "English", nl: "Nederlands", fr: "Français" } as const;
export type Language = keyof typeof LANGUAGES;
export type { MessageKey };

const DICTIONARIES = { en, nl, fr };
const DEVICE_KEY = "shipfloor.language";
const listeners = new Set<(lang: Language) => void>();

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && value in LANGUAGES;
}

function initial(): Language {
  try {
    const stored = localStorage.getItem(DEVICE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage can be blocked; the browser's language is the next best guess.
  }
  const browser = (globalThis.navigator?.language ?? "en").slice(0, 2);
  return isLanguage(browser) ? browser : "en";
}

let current: Language = initial();

export function language(): Language {
  return current;
}

export function setLanguage(lang: Language): void {
  if (lang === current) return;
  current = lang;
  try {
    localStorage.setItem(DEVICE_KEY, lang);
  } catch {
    // Not remembering the device default is harmless.
  }
  document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

/**
 * The message `key` in the user's language with `{name}` filled from `params`. A message with
 * two forms, `"{n} order|{n} orders"`, takes the first where `n` is singular in that language
 * (CLDR plural category "one", by `Intl.PluralRules`: 1 in English and Dutch, 0 and 1 in
 * French) and the second otherwise.
 */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  let text: string = DICTIONARIES[current][key] ?? en[key];
  const bar = text.indexOf("|");
  if (bar >= 0) {
    const n = Number(params.n);
    const one = Number.isFinite(n) && new Intl.PluralRules(current).select(n) === "one";
    text = one ? text.slice(0, bar) : text.slice(bar + 1);
  }
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Re-render the calling component when the language changes. */
export function useLanguage(): Language {
  const [lang, setLang] = useState(current);
  useEffect(() => {
    listeners.add(setLang);
    return () => listeners.delete(setLang);
  }, []);
  return lang;
}
