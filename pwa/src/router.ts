/** Client-side routes on the History API; the server answers every route with the app shell. */

import { useEffect, useState } from "preact/hooks";

const listeners = new Set<(path: string) => void>();

export function currentPath(): string {
  return location.pathname;
}

export function navigate(path: string, replace = false): void {
  if (path === location.pathname) return;
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  for (const listener of listeners) listener(path);
}

addEventListener("popstate", () => {
  for (const listener of listeners) listener(location.pathname);
});

export function usePath(): string {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    listeners.add(setPath);
    return () => listeners.delete(setPath);
  }, []);
  return path;
}

/** A link that routes inside the app (a plain click), and still opens normally otherwise. */
export function onLinkClick(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(anchor.pathname);
}
