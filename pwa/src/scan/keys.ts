/**
 * Key events → characters for the wedge detector.
 *
 * Reads `event.key`, never key codes: a code turned into a character goes wrong on any layout
 * but US (`-` became `½` in one library). GS (0x1D) has no key of its own: wedges send it as
 * Ctrl+] or as Alt + 0029 on the numeric keypad, and both are turned back into GS here.
 */

export const GS = "\x1d";

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  repeat?: boolean;
  isComposing?: boolean;
}

export type KeyMeaning =
  | { kind: "char"; text: string }
  | { kind: "suffix"; key: "Enter" | "Tab" }
  | { kind: "alt-digit"; digit: string }
  | { kind: "ime" }
  | { kind: "reset" }
  | { kind: "ignore" };

/** What one keydown means to the wedge detector. */
export function readKey(event: KeyLike): KeyMeaning {
  if (event.repeat) return { kind: "reset" };
  if (event.isComposing || event.key === "Unidentified" || event.key === "Process") {
    return { kind: "ime" };
  }
  if (event.key === "Enter" || event.key === "Tab") {
    return event.ctrlKey || event.altKey || event.metaKey
      ? { kind: "reset" }
      : { kind: "suffix", key: event.key };
  }
  if (event.ctrlKey && !event.altKey && (event.key === "]" || event.code === "BracketRight")) {
    return { kind: "char", text: GS };
  }
  if (event.altKey && !event.ctrlKey && event.code?.startsWith("Numpad") && /^[0-9]$/.test(event.key)) {
    return { kind: "alt-digit", digit: event.key };
  }
  if (event.key === GS) return { kind: "char", text: GS };
  if (event.key.length !== 1 && !isAstral(event.key)) return { kind: "ignore" };
  // Ctrl+Alt is AltGr on Windows, which types characters on most European layouts.
  const shortcut = event.metaKey || (event.ctrlKey !== event.altKey);
  return shortcut ? { kind: "reset" } : { kind: "char", text: event.key };
}

function isAstral(key: string): boolean {
  return [...key].length === 1;
}

/** The character of an Alt + numeric keypad code, when it is one a scan can hold. */
export function altCode(digits: string): string | null {
  const value = Number.parseInt(digits, 10);
  if (!Number.isFinite(value)) return null;
  if (value === 29) return GS;
  return value >= 32 && value <= 126 ? String.fromCharCode(value) : null;
}

/** `raw` with control characters written as `<GS>` or `\xNN`, for the screen and logs. */
export function visible(raw: string): string {
  let out = "";
  for (const ch of raw) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x1d) out += "<GS>";
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out;
}
