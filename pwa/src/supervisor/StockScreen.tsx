import { useCallback, useState } from "preact/hooks";
import { t } from "../i18n";
import { AdjustForm } from "./AdjustForm";
import { useLive } from "./live";
import { ReceiveForm, type BinAndSku } from "./ReceiveForm";
import { Refused } from "./Refused";
import { stock } from "./stockApi";
import { useLoad } from "./useLoad";
import { useStockScans } from "./useStockScans";

export function StockScreen() {
  const [target, setTarget] = useState<BinAndSku>({ location: "", sku: "" });
  const [filter, setFilter] = useState("");
  const levels = useLoad(() => stock.list(), []);
  useLive("stock", levels.reload);
  const onLocation = useCallback((location: string) => setTarget((old) => ({ ...old, location })), []);
  const onSku = useCallback((sku: string) => setTarget((old) => ({ ...old, sku })), []);
  useStockScans(onLocation, onSku);
  const needle = filter.trim().toLowerCase();
  const shown = (levels.data ?? []).filter((p) => !needle || p.sku.toLowerCase().includes(needle) || p.name.toLowerCase().includes(needle));

  return (
    <section class="sup-screen" data-screen="stock">
      <h1>{t("sup.stock.title")}</h1>
      <div class="sup-columns">
        <div>
          <ReceiveForm target={target} onTarget={setTarget} onBooked={levels.reload} />
          <AdjustForm target={target} onBooked={levels.reload} />
        </div>
        <div>
          <h2>{t("sup.stock.levels")}</h2>
          <label class="sup-field">
            <span>{t("sup.stock.filter")}</span>
            <input type="search" name="stock_q" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
          </label>
          {levels.error && <Refused refusal={levels.error} />}
          <div class="sup-scroll"><table class="sup-table" data-list="stock">
            <thead>
              <tr>
                <th>{t("sup.col.sku")}</th>
                <th class="sup-num">{t("sup.stock.onHand")}</th>
                <th class="sup-num">{t("sup.col.allocated")}</th>
                <th class="sup-num">{t("sup.stock.available")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => [
                <tr key={p.product_id} data-sku={p.sku} class="sup-product-row">
                  <td>
                    <span class="sup-sku">{p.sku}</span> <span class="sup-mini">{p.name}</span>
                  </td>
                  <td class="sup-num" data-col="on_hand">{p.on_hand}</td>
                  <td class="sup-num">{p.allocated}</td>
                  <td class="sup-num" data-col="available">{p.available}</td>
                </tr>,
                ...p.levels.map((level) => (
                  <tr key={`${p.product_id}-${level.stock_level_id}`} class="sup-level-row" data-level={`${p.sku}@${level.location}`}>
                    <td>
                      <button type="button" class="sup-link" onClick={() => setTarget({ sku: p.sku, location: level.location })}>
                        {level.location}
                      </button>
                    </td>
                    <td class="sup-num">{level.on_hand}</td>
                    <td class="sup-num">{level.allocated}</td>
                    <td class="sup-num">{level.available}</td>
                  </tr>
                )),
              ])}
            </tbody>
          </table></div>
        </div>
      </div>
    </section>
  );
}
