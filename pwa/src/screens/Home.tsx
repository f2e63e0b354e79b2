import { t } from "../i18n";
import { entriesFor } from "../nav";
import { onLinkClick } from "../router";
import { useUser } from "../ui/hooks";

export function Home() {
  const user = useUser()!;
  const roles = user.roles.map((r) => t(`role.${r}`)).join(", ");
  return (
    <section class="screen" data-screen="home">
      <h1>{t("home.hello", { name: user.display_name })}</h1>
      <p class="muted">{t("home.roles", { roles })}</p>
      <h2>{t("home.choose")}</h2>
      <nav class="tiles">
        {entriesFor(user.roles).map((entry) => (
          <a class="tile" href={entry.path} onClick={onLinkClick} key={entry.path}>
            {t(entry.label)}
          </a>
        ))}
      </nav>
    </section>
  );
}
