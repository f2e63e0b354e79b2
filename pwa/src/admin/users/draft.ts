/** The user form's state and what it sends. */

import type { Role } from "../../auth/session";
import type { AdminUser, UserChanges } from "./api";

export interface Draft {
  username: string;
  display_name: string;
  roles: Role[];
  language: string;
  active: boolean;
  password: string;
  pin: string;
}

export const EMPTY: Draft = { username: "", display_name: "", roles: ["picker"], language: "en", active: true, password: "", pin: "" };

export function draftOf(user: AdminUser): Draft {
  return { ...EMPTY, username: user.username, display_name: user.display_name, roles: user.roles, language: user.language, active: user.active };
}

/** What to send: a new user whole; for an existing one only what changed, secrets when typed. */
export function changes(draft: Draft, user: AdminUser | null): UserChanges {
  const body: UserChanges = {};
  if (!user) {
    body.username = draft.username.trim();
    body.display_name = draft.display_name.trim() || draft.username.trim();
  } else if (draft.display_name.trim() !== user.display_name) body.display_name = draft.display_name.trim();
  if (!user || draft.roles.join() !== user.roles.join()) body.roles = draft.roles;
  if (!user || draft.language !== user.language) body.language = draft.language;
  if (user && draft.active !== user.active) body.active = draft.active;
  if (draft.password) body.password = draft.password;
  if (draft.pin) body.pin = draft.pin;
  return body;
}
