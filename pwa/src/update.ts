/**
 * A new version of the app is active in the service worker. The page is not reloaded by itself:
 * a reload in the middle of a scan or a typed PIN loses what was typed, so the user picks the
 * moment with one tap.
 */

import { useEffect, useState } from "preact/hooks";

let ready = false;
const listeners = new Set<(ready: boolean) => void>();

export function markUpdateReady(): void {
  ready = true;
  for (const listener of listeners) listener(true);
}

export function useUpdateReady(): boolean {
  const [value, setValue] = useState(ready);
  useEffect(() => {
    listeners.add(setValue);
    return () => listeners.delete(setValue);
  }, []);
  return value;
}
