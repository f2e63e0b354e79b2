import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../../api/client";
import { session } from "../../auth/session";
import { t } from "../../i18n";
import { give } from "../../scan/feedback";
import { authorisedBlobUrl } from "../../supervisor/batchApi";
import { refusal, type Refusal } from "../../supervisor/problem";
import { Refused } from "../../supervisor/Refused";
import { labelsPath, layouts, type Blocked, type LayoutChanges } from "./api";
import "./layout.css";

/** A drawing shown from a blob URL, revoked when it changes or the screen goes. */
function useDrawing(load: (() => Promise<string>) | null, deps: unknown[]): string | null | "none" {
  const [url, setUrl] = useState<string | null | "none">(null);
  useEffect(() => {
    let made: string | null = null;
    setUrl(null);
    if (!load) return undefined;
    load().then(
      (value) => setUrl((made = value)),
      () => setUrl("none"),
    );
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return url;
}

function Codes({ label, codes, total }: { label: string; codes: string[]; total: number }) {
  if (total === 0) return null;
  return (
    <details>
      <summary>{label}</summary>
      <p class="adm-codes">{codes.join(", ")}{total > codes.length ? " …" : ""}</p>
    </details>
  );
}

function BlockedList({ blocked }: { blocked: Blocked[] }) {
  if (blocked.length === 0) return null;
  return (
    <div class="sup-refused" role="alert" data-part="blocked">
      <p class="sup-refused-reason">{t("adm.lay.blocked", { n: blocked.length })}</p>
      <ul class="adm-codes">
        {blocked.map((b) => (
          <li key={b.code}>
            <strong>{b.code}</strong> · {t("adm.lay.held", { onHand: b.on_hand, allocated: b.allocated })}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Changes({ changes }: { changes: LayoutChanges }) {
  return (
    <div class="sup-preview" data-part="changes">
      <p>{t("adm.lay.summary", { name: changes.name, locations: changes.locations, aisles: changes.aisles })}</p>
      <ul class="adm-numbers">
        <li data-count="added"><strong>{changes.added}</strong> {t("adm.lay.added")}</li>
        <li data-count="kept"><strong>{changes.kept}</strong> {t("adm.lay.kept")}</li>
        <li data-count="moved"><strong>{changes.moved}</strong> {t("adm.lay.moved")}</li>
        <li data-count="removed"><strong>{changes.removed}</strong> {t("adm.lay.removed")}</li>
      </ul>
      <Codes label={t("adm.lay.added")} codes={changes.added_codes} total={changes.added} />
      <Codes label={t("adm.lay.moved")} codes={changes.moved_codes} total={changes.moved} />
      <Codes label={t("adm.lay.removed")} codes={changes.removed_codes} total={changes.removed} />
    </div>
  );
}

function Upload({ onActivated }: { onActivated: () => void }) {
  const [text, setText] = useState<string | null>(null);
  const [changes, setChanges] = useState<LayoutChanges | null>(null);
  const [refused, setRefused] = useState<Refusal | null>(null);
  const [blocked, setBlocked] = useState<Blocked[]>([]);
  // A new key empties the file field after activation, so the same file can be chosen again.
  const [field, setField] = useState(0);
  const drawing = useDrawing(text && changes ? () => layouts.previewDrawing(text) : null, [text, changes]);

  const choose = async (file: File | undefined) => {
    setChanges(null);
    setRefused(null);
    setBlocked([]);
    setText(null);
    if (!file) return;
    const read = await file.text();
    try {
      const found = await layouts.preview(read);
      setText(read);
      setChanges(found);
      setBlocked(found.blocked);
    } catch (error) {
      setRefused(refusal(error));
      give("bad", refusal(error).reason);
    }
  };
  const activate = async () => {
    if (!text) return;
    setRefused(null);
    try {
      const done = await layouts.activate(text);
      give("good", t("adm.lay.activated", { name: done.name, added: done.added, removed: done.removed }));
      setText(null);
      setChanges(null);
      setField((n) => n + 1);
      onActivated();
    } catch (error) {
      const why = refusal(error);
      setRefused(why);
      if (error instanceof ApiError && Array.isArray(error.problem.locations)) setBlocked(error.problem.locations as Blocked[]);
      give("bad", why.reason);
    }
  };

  return (
    <div>
      <h2>{t("adm.lay.upload")}</h2>
      <label class="sup-field">
        <span>{t("adm.lay.file")}</span>
        <input key={field} type="file" name="layout-file" accept=".json,application/json" onChange={(e) => void choose(e.currentTarget.files?.[0])} />
      </label>
      <p class="hint">{t("adm.lay.fileHint")}</p>
      {refused && <Refused refusal={refused} />}
      {changes && <Changes changes={changes} />}
      <BlockedList blocked={blocked} />
      {drawing && drawing !== "none" && <img class="sup-map" data-part="preview-map" src={drawing} alt={t("adm.lay.previewMap")} />}
      {changes && (
        <button type="button" class="button primary" data-action="activate" disabled={blocked.length > 0} onClick={() => void activate()}>
          {t("adm.lay.activate")}
        </button>
      )}
    </div>
  );
}

function Labels() {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [refused, setRefused] = useState<Refusal | null>(null);
  const print = async (event: Event) => {
    event.preventDefault();
    setRefused(null);
    const path = labelsPath(from.trim(), to.trim());
    // Open the tab now, while the tap still counts as the user's (pop-up blockers), and show
    // the PDF in it once it is made.
    const tab = window.open("", "_blank");
    try {
      const url = await labelsPdf(path);
      if (tab) tab.location.href = url;
      else window.open(url, "_blank");
    } catch (error) {
      tab?.close();
      setRefused(refusal(error));
    }
  };
  return (
    <form class="adm-labels" onSubmit={(e) => void print(e)}>
      <h2>{t("adm.lay.labels")}</h2>
      <div class="adm-toolbar">
        <label class="sup-field">
          <span>{t("adm.lay.from")}</span>
          <input name="labels-from" value={from} placeholder="A-01-01" required onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label class="sup-field">
          <span>{t("adm.lay.to")}</span>
          <input name="labels-to" value={to} placeholder="A-03-02" onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button small" data-action="print-labels">{t("adm.lay.print")}</button>
      </div>
      <p class="hint">{t("adm.lay.labelsHint")}</p>
      {refused && <Refused refusal={refused} />}
    </form>
  );
}

/** The labels PDF as a blob URL (it needs the bearer token); a refusal as an ApiError. */
async function labelsPdf(path: string): Promise<string> {
  const token = session.token();
  const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {}, cache: "no-store" });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new ApiError(response.status, { status: response.status, ...problem });
  }
  return URL.createObjectURL(await response.blob());
}

/** `/admin/layout`: the active layout drawn, a new layout file checked and activated, labels. */
export function LayoutScreen() {
  const [version, setVersion] = useState(0);
  const current = useDrawing(() => authorisedBlobUrl("/api/layout.svg"), [version]);
  return (
    <section class="sup-screen" data-screen="admin-layout">
      <h1>{t("adm.lay.title")}</h1>
      <div class="sup-columns">
        <div>
          <h2>{t("adm.lay.current")}</h2>
          {current === "none" && <p class="muted">{t("adm.lay.noLayout")}</p>}
          {current && current !== "none" && <img class="sup-map adm-map" data-part="current-map" src={current} alt={t("adm.lay.currentMap")} />}
          <Labels />
        </div>
        <Upload onActivated={() => setVersion((v) => v + 1)} />
      </div>
    </section>
  );
}
