import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import { sup, type ShippingMethod, type ShippingPreview } from "./api";

/** The method by hand, or "by rules" with what the rules choose right now for this order. */
export function ShippingChoice({ value, facts, onChange }: {
  value: "rules" | number;
  facts: Record<string, string | number | string[]> | null;
  onChange: (v: "rules" | number) => void;
}) {
  const [methods, setMethods] = useState<ShippingMethod[]>([]);
  const [preview, setPreview] = useState<ShippingPreview | null>(null);
  useEffect(() => void sup.methods().then(setMethods, () => setMethods([])), []);
  const key = JSON.stringify(facts);
  useEffect(() => {
    if (!facts || value !== "rules") {
      setPreview(null);
      return;
    }
    let alive = true;
    const timer = setTimeout(() => void sup.preview(facts).then((p) => alive && setPreview(p), () => undefined), 150);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, value]);
  return (
    <div>
      <label class="sup-field">
        <span>{t("sup.entry.method")}</span>
        <select name="method" value={String(value)} onChange={(e) => onChange(e.currentTarget.value === "rules" ? "rules" : Number(e.currentTarget.value))}>
          <option value="rules">{t("sup.entry.byRules")}</option>
          {methods.filter((m) => m.active).map((m) => (
            <option key={m.id} value={String(m.id)}>{m.code} · {m.name}</option>
          ))}
        </select>
      </label>
      {value === "rules" && (
        <p class="sup-preview" data-part="rule-preview" role="status">
          {!facts
            ? t("sup.entry.previewNeedsCountry")
            : !preview
              ? "…"
              : preview.method_code
                ? t("sup.entry.previewChooses", { method: `${preview.method_code} · ${preview.method_name}`, rule: preview.rule_name ?? "" })
                : t("sup.entry.previewNone")}
        </p>
      )}
    </div>
  );
}
