import { render } from "preact";
import { registerSW } from "virtual:pwa-register";
import { whenUnauthorized } from "./api/client";
import { session } from "./auth/session";
import { App } from "./App";
import { isLanguage, language, setLanguage, t } from "./i18n";
import { navigate } from "./router";
import { emit } from "./scan/bus";
import { give } from "./scan/feedback";
import { visible } from "./scan/keys";
import { attachWedge } from "./scan/wedge-dom";
import { startSending } from "./queue";
import { markUpdateReady } from "./update";
import "./styles.css";

document.documentElement.lang = language();
const user = session.user();
if (user && isLanguage(user.language)) setLanguage(user.language);

whenUnauthorized(() => {
  session.end();
  navigate("/login", true);
});

attachWedge(document, (scan) => {
  const taken = emit({ raw: scan.raw, source: "wedge" });
  if (!taken) give("info", t("scan.noTarget", { code: visible(scan.raw) }));
});

if (session.token()) startSending();

render(<App />, document.getElementById("app")!);

// Plain HTTP on a LAN address is not a secure context: no service worker, the app still runs.
if ("serviceWorker" in navigator && window.isSecureContext) {
  registerSW({ immediate: true, onNeedReload: markUpdateReady });
}
