import { useEffect, useState } from "preact/hooks";
import type { Role } from "../../auth/session";
import { LANGUAGES, t } from "../../i18n";
import { navigate, onLinkClick } from "../../router";
import { give } from "../../scan/feedback";
import { refusal, type Refusal } from "../../supervisor/problem";
import { Refused } from "../../supervisor/Refused";
import { useUser } from "../../ui/hooks";
import { printBadges, ROLES, users, type AdminUser } from "./api";
import { changes, draftOf, EMPTY, type Draft } from "./draft";

/** Create a user (`id` null) or change one: roles, secrets, active, and their badge. */
export function UserForm({ id }: { id: number | null }) {
  const me = useUser();
  const [user, setUser] = useState<AdminUser | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [refused, setRefused] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (id === null) return;
    users.get(id).then(
      (loaded) => {
        setUser(loaded);
        setDraft(draftOf(loaded));
      },
      (error) => setRefused(refusal(error)),
    );
  }, [id]);
  const self = user !== null && me?.id === user.id;

  const set = (name: "username" | "display_name" | "password" | "pin" | "language") => (event: Event) =>
    setDraft({ ...draft, [name]: (event.currentTarget as HTMLInputElement).value });
  const toggleRole = (role: Role) =>
    setDraft({ ...draft, roles: draft.roles.includes(role) ? draft.roles.filter((r) => r !== role) : ROLES.filter((r) => r === role || draft.roles.includes(r)) });

  const save = async (event: Event) => {
    event.preventDefault();
    setRefused(null);
    setBusy(true);
    try {
      if (user) {
        const saved = await users.update(user.id, changes(draft, user));
        setUser(saved);
        setDraft(draftOf(saved));
        give("good", t("adm.users.saved"));
      } else {
        const made = await users.create(changes(draft, null));
        give("good", t("adm.users.created", { name: made.display_name }));
        navigate(`/admin/users/${made.id}`, true);
      }
    } catch (error) {
      setRefused(refusal(error));
    } finally {
      setBusy(false);
    }
  };

  const issueBadge = async () => {
    if (!user || (user.badge_code && !confirm(t("adm.users.replaceConfirm")))) return;
    setRefused(null);
    try {
      const updated = await users.issueBadge(user.id);
      setUser(updated);
      give("good", t("adm.users.badgeIssued", { code: updated.badge_code ?? "" }));
    } catch (error) {
      setRefused(refusal(error));
    }
  };

  const title = user ? t("adm.users.edit", { name: user.display_name }) : t("adm.users.new");
  return (
    <section class="sup-screen" data-screen="admin-user">
      <header class="sup-head">
        <h1>{id !== null && !user ? t("sup.loading") : title}</h1>
        <a class="sup-link" href="/admin/users" onClick={onLinkClick}>{t("adm.users.back")}</a>
      </header>
      <div class="sup-columns">
        <form class="sup-edit" data-part="user-form" onSubmit={(e) => void save(e)}>
          <div class="sup-grid">
            <label class="sup-field">
              <span>{t("adm.users.username")}</span>
              <input name="username" autoComplete="off" autoCapitalize="none" required maxLength={64} value={draft.username}
                disabled={user !== null} onInput={set("username")} />
            </label>
            <label class="sup-field">
              <span>{t("adm.users.displayName")}</span>
              <input name="display_name" autoComplete="off" maxLength={120} value={draft.display_name} onInput={set("display_name")} />
            </label>
          </div>
          <fieldset class="adm-roles">
            <legend>{t("adm.users.roles")}</legend>
            {ROLES.map((role) => (
              <label class="sup-check" key={role}>
                <input type="checkbox" name={`role_${role}`} checked={draft.roles.includes(role)}
                  disabled={self && role === "admin"} onChange={() => toggleRole(role)} />
                {t(`role.${role}`)}
              </label>
            ))}
          </fieldset>
          <div class="sup-grid">
            <label class="sup-field">
              <span>{t(user ? "adm.users.newPassword" : "adm.users.password")}</span>
              <input name="password" type="password" autoComplete="new-password" value={draft.password} onInput={set("password")} />
            </label>
            <label class="sup-field">
              <span>{t(user ? "adm.users.newPin" : "adm.users.pin")}</span>
              <input name="pin" type="password" inputMode="numeric" autoComplete="off" maxLength={8} value={draft.pin} onInput={set("pin")} />
            </label>
            <label class="sup-field">
              <span>{t("adm.users.language")}</span>
              <select name="language" value={draft.language} onChange={set("language")}>
                {Object.entries(LANGUAGES).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
              </select>
            </label>
          </div>
          <p class="sup-mini">{t(user ? "adm.users.secretsHint" : "adm.users.secretsHintNew")}</p>
          {user && (
            <label class="sup-check">
              <input type="checkbox" name="active" checked={draft.active} disabled={self}
                onChange={() => setDraft({ ...draft, active: !draft.active })} />
              {t("adm.users.activeCheck")}
            </label>
          )}
          {self && <p class="sup-mini">{t("adm.users.self")}</p>}
          {refused && <Refused refusal={refused} />}
          <button type="submit" class="button primary" disabled={busy}>{t(user ? "adm.users.save" : "adm.users.create")}</button>
        </form>
        {user && (
          <div>
            <h2>{t("adm.users.badge")}</h2>
            <div class="adm-badge-box" data-part="badge">
              {user.badge_code ? (
                <span class="adm-badge" data-part="badge-code">{user.badge_code}</span>
              ) : (
                <span class="sup-mini">{t("adm.users.noBadge")}</span>
              )}
              <button type="button" class="button small" data-action="issue-badge" onClick={() => void issueBadge()}>
                {t(user.badge_code ? "adm.users.replaceBadge" : "adm.users.issueBadge")}
              </button>
              {user.badge_code && (
                <button type="button" class="button small" data-action="print-badge" onClick={() => void printBadges([user.id])}>
                  {t("adm.users.printBadge")}
                </button>
              )}
            </div>
            {user.badge_code && !user.has_pin && <p class="sup-mini">{t("adm.users.badgeNeedsPin")}</p>}
            <p class="sup-mini">{t("adm.users.sessionsEnd")}</p>
          </div>
        )}
      </div>
    </section>
  );
}
