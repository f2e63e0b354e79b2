import { useState } from "preact/hooks";
import { saveLanguage } from "../api/auth";
import { LANGUAGES, language, setLanguage, t, type Language } from "../i18n";

export function Settings() {
  const [status, setStatus] = useState<string | null>(null);
  const current = language();

  const choose = async (lang: Language) => {
    setLanguage(lang);
    setStatus(null);
    try {
      await saveLanguage(lang);
      setStatus(t("settings.saved"));
    } catch (e) {
      setStatus(t("settings.saveFailed", { reason: (e as Error).message }));
    }
  };

  return (
    <section class="screen" data-screen="settings">
      <h1>{t("settings.title")}</h1>
      <fieldset class="choices">
        <legend>{t("settings.language")}</legend>
        {(Object.keys(LANGUAGES) as Language[]).map((lang) => (
          <label class={`choice${lang === current ? " chosen" : ""}`} key={lang}>
            <input type="radio" name="language" value={lang} checked={lang === current} onChange={() => void choose(lang)} />
            <span lang={lang}>{LANGUAGES[lang]}</span>
          </label>
        ))}
      </fieldset>
      {status && (
        <p class="status" role="status">
          {status}
        </p>
      )}
    </section>
  );
}
