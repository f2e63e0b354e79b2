import { useState } from "preact/hooks";
import { t } from "../i18n";

/** The bin holds fewer than the stop needs: the picker types what is there. */
export function ShortPick({ most, send, cancel }: { most: number; send: (found: number) => void; cancel: () => void }) {
  const [found, setFound] = useState("0");
  const n = Number.parseInt(found, 10);
  const valid = Number.isInteger(n) && n >= 0 && n < most;
  return (
    <form
      class="short"
      data-testid="short-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) send(n);
      }}
    >
      <label class="field">
        {t("pick.shortHow")}
        <input name="found" inputMode="numeric" value={found} onInput={(e) => setFound(e.currentTarget.value)} />
      </label>
      <div class="row">
        <button type="submit" class="button primary" disabled={!valid}>
          {t("pick.shortSend")}
        </button>
        <button type="button" class="button secondary" onClick={cancel}>
          {t("pick.cancel")}
        </button>
      </div>
    </form>
  );
}
