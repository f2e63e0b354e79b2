import { useEffect, useState } from "preact/hooks";
import { t, type MessageKey } from "../i18n";
import { sup, type CustomerHit } from "./api";
import { EMPTY_CUSTOMER, type CustomerChoice, type NewCustomer } from "./entry";

const FIELDS: (keyof NewCustomer)[] = ["name", "email", "street", "postal_code", "city", "country"];

/** Find a customer as you type, or type a new one in place. */
export function CustomerPicker({ value, onChange }: { value: CustomerChoice; onChange: (c: CustomerChoice) => void }) {
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<CustomerHit[]>([]);
  useEffect(() => {
    if (q.trim().length < 2) {
      setHits([]);
      return;
    }
    let alive = true;
    // Typing fast asks once, for the text that stays.
    const timer = setTimeout(() => void sup.customers(q.trim()).then((found) => alive && setHits(found), () => undefined), 200);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [q]);

  if (value?.kind === "existing") {
    const c = value.hit;
    return (
      <div class="sup-chosen" data-part="customer">
        <span>
          <strong>{c.name}</strong> <span class="sup-mini">{[c.email, c.city, c.country].filter(Boolean).join(" · ")}</span>
        </span>
        <button type="button" class="button small" onClick={() => onChange(null)}>{t("sup.entry.change")}</button>
      </div>
    );
  }
  if (value?.kind === "new") {
    const set = (field: keyof NewCustomer, text: string) => onChange({ kind: "new", data: { ...value.data, [field]: text } });
    return (
      <fieldset class="sup-inline" data-part="new-customer">
        <legend>{t("sup.entry.newCustomer")}</legend>
        <div class="sup-grid">
          {FIELDS.map((field) => (
            <label class="sup-field" key={field}>
              <span>{t(`sup.customer.${field}` as MessageKey)}</span>
              <input
                name={`customer_${field}`}
                value={value.data[field]}
                maxLength={field === "country" ? 2 : 200}
                autoCapitalize={field === "country" ? "characters" : undefined}
                onInput={(e) => set(field, e.currentTarget.value)}
              />
            </label>
          ))}
        </div>
        <button type="button" class="button small" onClick={() => onChange(null)}>{t("sup.entry.searchInstead")}</button>
      </fieldset>
    );
  }
  return (
    <div data-part="customer-search">
      <label class="sup-field">
        <span>{t("sup.entry.findCustomer")}</span>
        <input type="search" name="customer_q" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      </label>
      <ul class="sup-hits">
        {hits.map((hit) => (
          <li key={hit.id}>
            <button type="button" onClick={() => onChange({ kind: "existing", hit })}>
              <strong>{hit.name}</strong> <span class="sup-mini">{[hit.email, hit.city, hit.country].filter(Boolean).join(" · ")}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="button small" onClick={() => onChange({ kind: "new", data: { ...EMPTY_CUSTOMER, name: q.trim() } })}>
        {t("sup.entry.newCustomer")}
      </button>
    </div>
  );
}
