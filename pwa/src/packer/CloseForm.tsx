import { useState } from "preact/hooks";
import { t } from "../i18n";
import { BOXES, grams, MAX_GRAMS } from "./lines";

export function CloseForm({ close }: { close: (weight: number, box: string) => void }) {
  const [weight, setWeight] = useState("");
  const [box, setBox] = useState<string>(BOXES[1]);
  const n = grams(weight);
  return (
    <form
      class="close-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (n !== null) close(n, box);
      }}
    >
      <label class="field">
        {t("packer.weight")}
        <input name="weight" inputMode="numeric" autoComplete="off" value={weight} onInput={(e) => setWeight(e.currentTarget.value)} />
      </label>
      {weight.trim() !== "" && n === null && (
        <p class="notice bad" role="alert" data-testid="weight-invalid">
          {t("packer.weightRange", { max: MAX_GRAMS.toLocaleString() })}
        </p>
      )}
      <fieldset class="boxes">
        <legend>{t("packer.box")}</legend>
        {BOXES.map((name) => (
          <label key={name} class={name === box ? "chosen" : ""}>
            <input type="radio" name="box" value={name} checked={name === box} onChange={() => setBox(name)} />
            {name}
          </label>
        ))}
      </fieldset>
      <button type="submit" class="button primary" disabled={n === null}>
        {t("packer.close")}
      </button>
    </form>
  );
}
