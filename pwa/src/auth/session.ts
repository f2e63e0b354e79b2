/**
 * Who is logged in on this tab. The bearer token lives in memory and in sessionStorage, so a
 * reload keeps the user logged in but closing the app does not; a password or PIN is never
 * kept anywhere.
 */

export type Role = "picker" | "packer" | "supervisor" | "admin";

export interface User {
  id: number;
  username: string;
  display_name: string;
  roles: Role[];
  language: string;
}

interface Stored {
  token: string;
  expiresAt: string;
  user: User;
}

const KEY = "shipfloor.session";
type Listener = (user: User | null) => void;

function load(): Stored | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const stored = JSON.parse(raw) as Stored;
    return Date.parse(stored.expiresAt) > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

function save(value: Stored | null): void {
  try {
    if (value) sessionStorage.setItem(KEY, JSON.stringify(value));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Private modes may refuse storage; the session then lasts until the next reload.
  }
}

let state: Stored | null = load();
const listeners = new Set<Listener>();

function changed(): void {
  for (const listener of listeners) listener(state?.user ?? null);
}

export const session = {
  token: (): string | null => state?.token ?? null,
  user: (): User | null => state?.user ?? null,
  start(token: string, expiresAt: string, user: User): void {
    state = { token, expiresAt, user };
    save(state);
    changed();
  },
  update(user: User): void {
    if (!state) return;
    state = { ...state, user };
    save(state);
    changed();
  },
  end(): void {
    state = null;
    save(null);
    changed();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** `admin` may do everything; the other roles only their own work. */
export function hasRole(user: User | null, ...roles: Role[]): boolean {
  if (!user) return false;
  return user.roles.includes("admin") || roles.some((role) => user.roles.includes(role));
}
