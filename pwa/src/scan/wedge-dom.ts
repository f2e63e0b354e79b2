/**
 * Listens for wedge scans anywhere on the page, whatever has the focus.
 *
 * Desktop and USB/Bluetooth scanners deliver real key events; Android wedges (Zebra
 * DataWedge, Honeywell) mostly commit text through their input method, which Chrome reports as
 * `keydown` "Unidentified" followed by `beforeinput` with the text. Both paths feed one
 * `WedgeDetector`. When a scan lands in a text field the field gets its value back: the scan is
 * handed to the screen instead, so that a badge scanned into the PIN field cannot leak into it.
 */

import { altCode, readKey } from "./keys";
import { WedgeDetector, type WedgeOptions, type WedgeScan } from "./wedge";

type Field = HTMLInputElement | HTMLTextAreaElement;

interface Snapshot {
  field: Field;
  value: string;
}

function textField(element: Element | null): Field | null {
  if (element instanceof HTMLTextAreaElement) return element;
  if (element instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(element.type)) {
    return element;
  }
  return null;
}

export function attachWedge(
  doc: Document,
  onScan: (scan: WedgeScan) => void,
  options: Partial<WedgeOptions> = {},
): () => void {
  let snapshot: Snapshot | null = null;
  let altDigits = "";
  // True between a keydown that fed its character and the beforeinput that inserts the same one.
  let fedByKey = false;
  let lastKeyWasIme = false;

  const restore = () => {
    const snap = snapshot;
    snapshot = null;
    if (!snap || snap.field.value === snap.value) return;
    snap.field.value = snap.value;
    snap.field.dispatchEvent(new Event("input", { bubbles: true }));
  };

  const detector = new WedgeDetector((scan) => {
    restore();
    onScan(scan);
  }, options);

  const feed = (text: string, time: number) => {
    if (detector.char(text, time)) {
      const field = textField(doc.activeElement);
      snapshot = field ? { field, value: field.value } : null;
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const meaning = readKey(event);
    fedByKey = false;
    lastKeyWasIme = meaning.kind === "ime";
    switch (meaning.kind) {
      case "char":
        feed(meaning.text, event.timeStamp);
        fedByKey = true;
        // Ctrl+] would otherwise be a browser shortcut.
        if (meaning.text === "\x1d") event.preventDefault();
        break;
      case "suffix":
        if (detector.suffix(meaning.key, event.timeStamp)) {
          event.preventDefault();
          event.stopPropagation();
        }
        break;
      case "alt-digit":
        altDigits += meaning.digit;
        break;
      case "reset":
        detector.reset();
        break;
      default:
        break;
    }
  };

  const onKeyUp = (event: KeyboardEvent) => {
    if (event.key !== "Alt" || !altDigits) return;
    const ch = altCode(altDigits);
    altDigits = "";
    if (ch) feed(ch, event.timeStamp);
  };

  const onBeforeInput = (event: Event) => {
    const input = event as InputEvent;
    if (fedByKey) {
      fedByKey = false;
      return;
    }
    const ime = lastKeyWasIme;
    lastKeyWasIme = false;
    if (input.inputType === "insertText" || input.inputType === "insertReplacementText") {
      if (input.data) feed(input.data, input.timeStamp);
    } else if (ime && (input.inputType === "insertLineBreak" || input.inputType === "insertParagraph")) {
      if (detector.suffix("Enter", input.timeStamp)) input.preventDefault();
    }
  };

  const onBlur = () => detector.reset();

  doc.addEventListener("keydown", onKeyDown, true);
  doc.addEventListener("keyup", onKeyUp, true);
  doc.addEventListener("beforeinput", onBeforeInput, true);
  doc.defaultView?.addEventListener("blur", onBlur);
  return () => {
    detector.reset();
    doc.removeEventListener("keydown", onKeyDown, true);
    doc.removeEventListener("keyup", onKeyUp, true);
    doc.removeEventListener("beforeinput", onBeforeInput, true);
    doc.defaultView?.removeEventListener("blur", onBlur);
  };
}
