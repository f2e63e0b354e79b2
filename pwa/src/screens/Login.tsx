import { useCallback, useRef, useState } from "preact/hooks";
import { logIn, type Credentials } from "../api/auth";
import { ApiError, NetworkError } from "../api/client";
import { isLanguage, setLanguage, t } from "../i18n";
import { homeFor } from "../nav";
import { navigate } from "../router";
import type { ScanEvent } from "../scan/bus";
import { give } from "../scan/feedback";
import { startSending } from "../queue";
import { useScans } from "../ui/hooks";

export function Login() {
  const [mode, setMode] = useState<"badge" | "password">("badge");
  const [badge, setBadge] = useState("");
  const [pin, setPin] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pinField = useRef<HTMLInputElement>(null);

  // A badge scanned anywhere on this screen fills the badge, whatever field has the focus.
  const onScan = useCallback((scan: ScanEvent) => {
    setMode("badge");
    setBadge(scan.raw);
    setError(null);
    give("good", t("login.badgeRead"));
    requestAnimationFrame(() => pinField.current?.focus());
  }, []);
  useScans(onScan);

  const submit = async (event: Event) => {
    event.preventDefault();
    const credentials: Credentials = mode === "badge" ? { badge, pin } : { username, password };
    setBusy(true);
    setError(null);
    try {
      const user = await logIn(credentials);
      setPin("");
      setPassword("");
      if (isLanguage(user.language)) setLanguage(user.language);
      startSending();
      navigate(homeFor(user.roles), true);
    } catch (e) {
      const message =
        e instanceof NetworkError ? t("login.offline") : e instanceof ApiError && e.status === 401 ? t("login.failed") : String((e as Error).message);
      setError(message);
      give("bad", message);
      setPin("");
      setPassword("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="screen login" onSubmit={submit} autocomplete="off" data-screen="login">
      <h1>{t("login.title")}</h1>
      {mode === "badge" ? (
        <>
          <div class={`badge-target${badge ? " has-badge" : ""}`}>
            <p class="big">{badge ? `✓ ${t("login.badge")}` : t("login.scanBadge")}</p>
            {!badge && <p class="hint">{t("login.badgeHint")}</p>}
          </div>
          <label class="field">
            <span>{t("login.badge")}</span>
            <input name="badge" value={badge} onInput={(e) => setBadge(e.currentTarget.value)} autocapitalize="characters" spellcheck={false} />
          </label>
          <label class="field">
            <span>{t("login.pin")}</span>
            <input
              ref={pinField}
              name="pin"
              type="password"
              inputMode="numeric"
              autocomplete="off"
              value={pin}
              onInput={(e) => setPin(e.currentTarget.value)}
            />
          </label>
        </>
      ) : (
        <>
          <label class="field">
            <span>{t("login.username")}</span>
            <input name="username" autocomplete="username" autocapitalize="none" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>{t("login.password")}</span>
            <input name="password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </label>
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="button primary" disabled={busy}>
        {busy ? t("login.busy") : t("login.submit")}
      </button>
      <button type="button" class="button secondary" onClick={() => setMode(mode === "badge" ? "password" : "badge")}>
        {mode === "badge" ? t("login.withPassword") : t("login.withBadge")}
      </button>
    </form>
  );
}
