/** Documents behind the bearer token (route map, labels, slips): an `<img>` or a new tab
 * cannot send the token, so they are fetched here and handed over as blob URLs. */

import { session } from "../auth/session";

export async function fetchAuthed(url: string): Promise<Blob> {
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${session.token() ?? ""}` },
    cache: "no-store",
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.blob();
}

export async function fetchText(url: string): Promise<string> {
  return (await fetchAuthed(url)).text();
}
