import { useState } from "preact/hooks";
import { t } from "../../i18n";
import { onLinkClick } from "../../router";
import { Refused } from "../../supervisor/Refused";
import { useLoad } from "../../supervisor/useLoad";
import { printBadges, users, type AdminUser, type Shown } from "./api";
import { UserForm } from "./UserForm";

const SHOWN: Shown[] = ["active", "inactive", "all"];

/** `/admin/users` (the list), `/admin/users/new` and `/admin/users/{id}` (the form). */
export function UsersScreen({ path }: { path: string }) {
  if (path === "/admin/users/new") return <UserForm key="new" id={null} />;
  const edit = /^\/admin\/users\/(\d{1,10})$/.exec(path);
  if (edit) return <UserForm key={edit[1]} id={Number(edit[1])} />;
  return <UserList />;
}

function UserList() {
  const [shown, setShown] = useState<Shown>("active");
  const [q, setQ] = useState("");
  const [chosen, setChosen] = useState<number[]>([]);
  const list = useLoad(() => users.list(shown, q), [shown, q]);
  const rows = list.data ?? [];
  const printable = rows.filter((u) => u.badge_code && chosen.includes(u.id)).map((u) => u.id);
  const toggle = (user: AdminUser) =>
    setChosen(chosen.includes(user.id) ? chosen.filter((id) => id !== user.id) : [...chosen, user.id]);
  const withBadge = rows.filter((u) => u.badge_code).map((u) => u.id);
  const allChosen = withBadge.length > 0 && withBadge.every((id) => chosen.includes(id));

  return (
    <section class="sup-screen" data-screen="admin-users">
      <header class="sup-head">
        <h1>{t("adm.users.title")}</h1>
        <a class="button small" href="/admin/users/new" onClick={onLinkClick}>{t("adm.users.new")}</a>
      </header>
      <div class="adm-toolbar">
        <label class="sup-field">
          <span>{t("adm.users.search")}</span>
          <input name="q" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <div class="sup-chips" role="group">
          {SHOWN.map((s) => (
            <button type="button" key={s} class={`sup-chip${s === shown ? " chosen" : ""}`} aria-pressed={s === shown} onClick={() => setShown(s)}>
              {t(`adm.users.show.${s}`)}
            </button>
          ))}
        </div>
        <button type="button" class="button small" disabled={printable.length === 0} onClick={() => void printBadges(printable)} data-action="print-badges">
          {t("adm.users.printSelected", { n: printable.length })}
        </button>
      </div>
      {list.error && <Refused refusal={list.error} />}
      <div class="sup-scroll">
        <table class="sup-table adm-table" data-list="users">
          <thead>
            <tr>
              <th>
                <input type="checkbox" checked={allChosen} disabled={withBadge.length === 0} aria-label={t("adm.users.selectAll")}
                  onChange={() => setChosen(allChosen ? [] : withBadge)} />
              </th>
              <th>{t("adm.users.name")}</th>
              <th class="sup-hide-narrow">{t("adm.users.username")}</th>
              <th>{t("adm.users.roles")}</th>
              <th class="sup-hide-narrow">{t("adm.users.badge")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((user) => (
              <tr key={user.id} data-user={user.username} class={user.active ? "" : "sup-inactive"}>
                <td>
                  <input type="checkbox" checked={chosen.includes(user.id)} disabled={!user.badge_code}
                    aria-label={t("adm.users.select", { name: user.display_name })} onChange={() => toggle(user)} />
                </td>
                <td>
                  <a href={`/admin/users/${user.id}`} onClick={onLinkClick}>{user.display_name}</a>
                  <span class="sup-show-narrow sup-mini">{user.username}</span>
                </td>
                <td class="sup-hide-narrow">{user.username}</td>
                <td>{user.roles.map((r) => t(`role.${r}`)).join(", ")}</td>
                <td class="sup-hide-narrow">{user.badge_code ? <span class="adm-badge">{user.badge_code}</span> : <span class="sup-mini">{t("adm.users.noBadge")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.data && rows.length === 0 && <p class="hint">{t("adm.users.none")}</p>}
      <p>
        <a href="/admin" onClick={onLinkClick} class="sup-link">{t("admin.title")}</a>
      </p>
    </section>
  );
}

