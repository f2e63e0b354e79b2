import { t } from "../i18n";
import { onLinkClick } from "../router";

export function NotFound() {
  return (
    <section class="screen" data-screen="not-found">
      <h1>{t("notFound.title")}</h1>
      <a class="button primary" href="/" onClick={onLinkClick}>
        {t("notFound.back")}
      </a>
    </section>
  );
}
