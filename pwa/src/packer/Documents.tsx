import { useState } from "preact/hooks";
import { t } from "../i18n";
import { give } from "../scan/feedback";
import { fetchAuthed } from "../picker/files";
import type { Shipment } from "./types";

/** Opens a document in a new tab from a blob URL: a plain link could not send the token. */
async function show(url: string, type: string): Promise<void> {
  const tab = window.open("", "_blank");
  try {
    const blob = await fetchAuthed(url);
    const local = URL.createObjectURL(new Blob([blob], { type }));
    if (tab) tab.location.href = local;
    else window.location.assign(local);
  } catch (error) {
    tab?.close();
    give("bad", String(error));
  }
}

export function Documents({ shipment }: { shipment: Shipment }) {
  const [zpl, setZpl] = useState<string | null>(null);
  return (
    <div class="documents">
      <button type="button" class="button primary" onClick={() => void show(shipment.label_pdf_url, "application/pdf")}>
        {t("packer.labelPdf")}
      </button>
      <button type="button" class="button secondary" onClick={() => void show(shipment.packing_slip_url, "application/pdf")}>
        {t("packer.slip")}
      </button>
      <button
        type="button"
        class="button secondary"
        onClick={() => void fetchAuthed(shipment.label_zpl_url).then((b) => b.text()).then(setZpl, (e) => give("bad", String(e)))}
      >
        {t("packer.labelZpl")}
      </button>
      {zpl && (
        <pre class="zpl" data-testid="zpl">
          {zpl}
        </pre>
      )}
    </div>
  );
}
