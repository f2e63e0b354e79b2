import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n";

/** The route SVG from the server, shown as an image so nothing in it can run. */
export function RouteMap({ svg }: { svg: string | null }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!svg) return;
    const made = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [svg]);
  if (!url) return null;
  return (
    <figure class="route-map" data-testid="route-map">
      <img src={url} alt={t("pick.map")} />
    </figure>
  );
}
