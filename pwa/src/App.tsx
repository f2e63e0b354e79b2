import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { logOut } from "./api/auth";
import { hasRole, type Role } from "./auth/session";
import { t, useLanguage } from "./i18n";
import { NAV } from "./nav";
import { currentPath, navigate, onLinkClick, usePath } from "./router";
import { PackScreen } from "./packer/PackScreen";
import { PickScreen } from "./picker/PickScreen";
import { Home } from "./screens/Home";
import { Login } from "./screens/Login";
import { NotFound } from "./screens/NotFound";
import { Scans } from "./screens/Scans";
import { Settings } from "./screens/Settings";
import { Dashboard, supervisorScreen } from "./supervisor/routes";
import { adminScreen } from "./admin/routes";
import { clear, give } from "./scan/feedback";
import { FeedbackBar } from "./ui/FeedbackBar";
import { useOnline, useQueue, useUser } from "./ui/hooks";
import { useUpdateReady } from "./update";

function screenFor(path: string): ComponentChildren {
  switch (path) {
    case "/":
      return <Home />;
    case "/pick":
      return <PickScreen />;
    case "/pack":
      return <PackScreen />;
    case "/floor":
      return <Dashboard />;
    case "/scans":
      return <Scans />;
    case "/settings":
      return <Settings />;
    default:
      return supervisorScreen(path) ?? adminScreen(path) ?? <NotFound />;
  }
}

function rolesFor(path: string): Role[] {
  return NAV.find((entry) => entry.path === path)?.roles ?? [];
}

async function leave(pending: number): Promise<void> {
  await logOut().catch(() => undefined);
  // The scans stay on this device, kept for this user: say so before the next person logs in.
  if (pending > 0) give("info", t("logout.pending", { n: pending }));
}

export function App() {
  useLanguage();
  const asked = usePath();
  const user = useUser();
  const online = useOnline();
  const updateReady = useUpdateReady();
  const pending = useQueue().filter((item) => item.state === "pending").length;
  const path = !user ? "/login" : asked === "/login" ? "/" : asked;
  useEffect(() => {
    // Something may have navigated since this render (the login screen sends a user to their
    // own start screen); only correct the address when it is still the one rendered.
    if (path !== asked && currentPath() === asked) navigate(path, true);
  }, [path, asked]);

  // A "good" belongs to the screen it was given on; a refusal or a notice stays to be read.
  useEffect(() => clear("good"), [path]);

  const roles = rolesFor(path);
  const allowed = !user || roles.length === 0 || hasRole(user, ...roles);

  return (
    <div class="shell">
      <header class="bar">
        {user && path !== "/" ? (
          <a class="bar-button" href="/" onClick={onLinkClick} aria-label={t("nav.home")}>
            ‹ {t("nav.home")}
          </a>
        ) : (
          <span class="brand">{t("app.name")}</span>
        )}
        <span class="bar-spacer" />
        {pending > 0 && (
          <a class="pending" href="/scans" onClick={onLinkClick} data-testid="pending-count">
            {t("scans.count", { n: pending })}
          </a>
        )}
        {user && (
          <button type="button" class="bar-button" onClick={() => void leave(pending)}>
            {t("logout")}
          </button>
        )}
      </header>
      {!online && (
        <p class="offline" role="status" data-testid="offline">
          {t("app.offline")}
        </p>
      )}
      {updateReady && (
        <button type="button" class="update" onClick={() => location.reload()}>
          {t("app.update")}
        </button>
      )}
      <main id="main">{path === "/login" ? <Login /> : allowed ? screenFor(path) : <NotFound />}</main>
      <FeedbackBar />
    </div>
  );
}
