/**
 * The sections of the Admin screen: each is a link on `/admin` and the screen for its path and
 * every path below it (`/admin/users/12` goes to the users screen). A new section is one entry
 * here, plus its words in the i18n files.
 */

import type { ComponentType } from "preact";
import type { MessageKey } from "../i18n";
import { UsersScreen } from "./users/UsersScreen";
import { ChannelsScreen } from "./channels/ChannelsScreen";
import { LayoutScreen } from "./layout/LayoutScreen";

export interface AdminSection {
  /** Where the section lives, e.g. `/admin/users`. */
  path: string;
  label: MessageKey;
  /** One line under the link on the landing. */
  hint: MessageKey;
  /** Gets the whole path, so a section can have its own sub-pages. */
  screen: ComponentType<{ path: string }>;
}

export const ADMIN_SECTIONS: AdminSection[] = [
  { path: "/admin/users", label: "adm.users.title", hint: "adm.users.hint", screen: UsersScreen },
  { path: "/admin/channels", label: "adm.ch.title", hint: "adm.ch.sectionHint", screen: ChannelsScreen },
  { path: "/admin/layout", label: "adm.lay.title", hint: "adm.lay.sectionHint", screen: LayoutScreen },
];

/** The section that shows `path`, if any. */
export function sectionFor(path: string): AdminSection | undefined {
  return ADMIN_SECTIONS.find((section) => path === section.path || path.startsWith(`${section.path}/`));
}
