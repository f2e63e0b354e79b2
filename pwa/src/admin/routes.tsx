/** The admin's screens by path: the landing at `/admin`, and the sections of `sections.ts`. */

import type { ComponentChildren } from "preact";
import { hasRole, session } from "../auth/session";
import { t } from "../i18n";
import { onLinkClick } from "../router";
import { ADMIN_SECTIONS, sectionFor } from "./sections";
import "./admin.css";

/** `/admin`: one link per section. */
export function AdminHome() {
  return (
    <section class="sup-screen" data-screen="admin">
      <h1>{t("admin.title")}</h1>
      <p class="hint">{t("admin.body")}</p>
      <ul class="adm-sections">
        {ADMIN_SECTIONS.map((section) => (
          <li key={section.path}>
            <a href={section.path} onClick={onLinkClick} data-section={section.path}>
              <strong>{t(section.label)}</strong>
              <span class="sup-mini">{t(section.hint)}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function adminScreen(path: string): ComponentChildren | null {
  if (!hasRole(session.user(), "admin")) return null;
  if (path === "/admin") return <AdminHome />;
  const section = sectionFor(path);
  return section ? <section.screen path={path} /> : null;
}
