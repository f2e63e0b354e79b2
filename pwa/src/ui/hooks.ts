import { useEffect, useState } from "preact/hooks";
import { session, type User } from "../auth/session";
import { listen, type ScanEvent } from "../scan/bus";
import { queue } from "../queue";
import type { QueuedRequest } from "../queue/offline-queue";

export function useUser(): User | null {
  const [user, setUser] = useState(session.user());
  useEffect(() => session.subscribe(setUser), []);
  return user;
}

/** Take the scans while the calling component is on screen. */
export function useScans(handler: (scan: ScanEvent) => void): void {
  useEffect(() => listen(handler), [handler]);
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    addEventListener("online", on);
    addEventListener("offline", off);
    return () => {
      removeEventListener("online", on);
      removeEventListener("offline", off);
    };
  }, []);
  return online;
}

/** The current user's queued requests, kept up to date. */
export function useQueue(): QueuedRequest[] {
  const [items, setItems] = useState<QueuedRequest[]>([]);
  useEffect(() => {
    let alive = true;
    const refresh = () => void queue.list().then((list) => alive && setItems(list));
    refresh();
    const unsubscribe = queue.subscribe(refresh);
    const unsubscribeUser = session.subscribe(refresh);
    return () => {
      alive = false;
      unsubscribe();
      unsubscribeUser();
    };
  }, []);
  return items;
}
