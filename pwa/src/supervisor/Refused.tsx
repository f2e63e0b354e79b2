import { t } from "../i18n";
import type { Refusal } from "./problem";

/** The API's reason for a refusal and what to do instead, where the supervisor looks. */
export function Refused({ refusal }: { refusal: Refusal }) {
  return (
    <div class="sup-refused" role="alert" data-code={refusal.code ?? ""}>
      <p class="sup-refused-reason">{refusal.reason}</p>
      {refusal.advice && (
        <p class="sup-refused-advice">
          <strong>{t("sup.advice")}</strong> {refusal.advice}
        </p>
      )}
    </div>
  );
}
