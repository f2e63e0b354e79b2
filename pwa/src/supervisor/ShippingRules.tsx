import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { t } from "../i18n";
import { sup, type ShippingMethod, type ShippingPreview } from "./api";
import { cents, formatCents, parseTags } from "./entry";
import { Refused } from "./Refused";
import { refusal, type Refusal } from "./problem";
import { useLoad } from "./useLoad";

interface Rule {
  id: number;
  name: string;
  priority: number;
  shipping_method_id: number;
  countries: string[] | null;
  channels: string[] | null;
  tags: string[] | null;
  min_weight_grams: number | null;
  max_weight_grams: number | null;
  min_order_value: string | null;
  max_order_value: string | null;
  currency: string | null;
  active: boolean;
}

/** A rule's conditions in one line; an empty one matches every order. */
export function conditions(rule: Rule): string {
  const parts: string[] = [];
  if (rule.countries?.length) parts.push(rule.countries.join("/"));
  if (rule.channels?.length) parts.push(rule.channels.join("/"));
  if (rule.tags?.length) parts.push(rule.tags.map((tag) => `#${tag}`).join(" "));
  if (rule.min_weight_grams !== null || rule.max_weight_grams !== null)
    parts.push(`${rule.min_weight_grams ?? 0}–${rule.max_weight_grams ?? "∞"} g`);
  if (rule.min_order_value !== null || rule.max_order_value !== null)
    parts.push(`${rule.currency ?? ""} ${rule.min_order_value ?? 0}–${rule.max_order_value ?? "∞"}`.trim());
  return parts.join(" · ");
}

/** The rules in the order they are tried, and a tester: which method an order would get. */
export function ShippingRules() {
  const rules = useLoad(() => api.get<Rule[]>("/api/shipping-rules"), []);
  const [methods, setMethods] = useState<ShippingMethod[]>([]);
  useEffect(() => void sup.methods().then(setMethods, () => setMethods([])), []);
  const [facts, setFacts] = useState({ country: "NL", weight: "1000", value: "25.00", channel: "manual", tags: "" });
  const [answer, setAnswer] = useState<ShippingPreview | null>(null);
  const [refused, setRefused] = useState<Refusal | null>(null);
  const method = (id: number) => methods.find((m) => m.id === id);

  const test = async (event: Event) => {
    event.preventDefault();
    setRefused(null);
    try {
      setAnswer(await sup.preview({
        country: facts.country.trim().toUpperCase(),
        weight_grams: Number(facts.weight) || 0,
        value: formatCents(cents(facts.value) ?? 0),
        currency: "EUR",
        channel: facts.channel,
        tag: parseTags(facts.tags),
      }));
    } catch (error) {
      setAnswer(null);
      setRefused(refusal(error));
    }
  };
  const set = (name: keyof typeof facts) => (e: Event) => setFacts({ ...facts, [name]: (e.currentTarget as HTMLInputElement).value });

  return (
    <section class="sup-screen" data-screen="shipping-rules">
      <h1>{t("sup.rules.title")}</h1>
      <div class="sup-columns">
        <div>
          <p class="hint">{t("sup.rules.hint")}</p>
          {rules.error && <Refused refusal={rules.error} />}
          <div class="sup-scroll">
            <table class="sup-table" data-list="rules">
              <thead>
                <tr>
                  <th class="sup-num">#</th>
                  <th>{t("sup.rules.rule")}</th>
                  <th>{t("sup.rules.when")}</th>
                  <th>{t("sup.entry.method")}</th>
                </tr>
              </thead>
              <tbody>
                {(rules.data ?? []).map((rule) => (
                  <tr key={rule.id} data-rule={rule.name} class={rule.active ? "" : "sup-inactive"}>
                    <td class="sup-num">{rule.priority}</td>
                    <td>{rule.name}{!rule.active && <span class="sup-mini"> ({t("sup.rules.off")})</span>}</td>
                    <td>{conditions(rule) || t("sup.rules.any")}</td>
                    <td>{method(rule.shipping_method_id)?.code ?? rule.shipping_method_id}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <form class="sup-edit" data-part="rule-tester" onSubmit={(e) => void test(e)}>
          <h2>{t("sup.rules.tester")}</h2>
          <div class="sup-grid">
            <label class="sup-field"><span>{t("sup.customer.country")}</span><input name="test_country" maxLength={2} value={facts.country} onInput={set("country")} /></label>
            <label class="sup-field"><span>{t("sup.product.weight")}</span><input name="test_weight" type="number" min={0} value={facts.weight} onInput={set("weight")} /></label>
            <label class="sup-field"><span>{t("sup.rules.value")}</span><input name="test_value" inputMode="decimal" value={facts.value} onInput={set("value")} /></label>
            <label class="sup-field"><span>{t("sup.filter.channel")}</span>
              <select name="test_channel" value={facts.channel} onChange={set("channel")}>
                {["manual", "woocommerce", "magento", "lightspeed", "shopify", "api"].map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </label>
            <label class="sup-field"><span>{t("sup.entry.tags")}</span><input name="test_tags" value={facts.tags} onInput={set("tags")} /></label>
          </div>
          <button type="submit" class="button primary">{t("sup.rules.test")}</button>
          {refused && <Refused refusal={refused} />}
          {answer && (
            <p class="sup-preview" data-part="rule-answer" role="status">
              {answer.method_code
                ? t("sup.entry.previewChooses", { method: `${answer.method_code} · ${answer.method_name}`, rule: answer.rule_name ?? "" })
                : t("sup.entry.previewNone")}
            </p>
          )}
        </form>
      </div>
    </section>
  );
}
