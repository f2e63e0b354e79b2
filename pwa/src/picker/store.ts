/**
 * The picker's batch in IndexedDB, per user: a reload, an app restart or a walk out of Wi-Fi
 * range in the middle of a batch shows the same stop again without asking the server.
 */

import { openDB } from "idb";
import type { Batch, Instruction } from "./types";

export interface Kept {
  batch: Batch;
  next: Instruction | null;
}

const db = () =>
  openDB("shipfloor-picker", 1, {
    upgrade(database) {
      database.createObjectStore("current");
    },
  });

export async function keep(user: string, kept: Kept): Promise<void> {
  await (await db()).put("current", kept, user);
}

export async function kept(user: string): Promise<Kept | null> {
  return ((await (await db()).get("current", user)) as Kept | undefined) ?? null;
}

export async function forget(user: string): Promise<void> {
  await (await db()).delete("current", user);
}
