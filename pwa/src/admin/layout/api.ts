/** `/api/layout`: check an uploaded layout file, draw it, activate it; location labels. */

import { ApiError, NetworkError, type Problem } from "../../api/client";
import { session } from "../../auth/session";

export interface Blocked {
  code: string;
  on_hand: number;
  allocated: number;
}

export interface LayoutChanges {
  name: string;
  aisles: number;
  blocks: number;
  locations: number;
  added: number;
  kept: number;
  moved: number;
  removed: number;
  added_codes: string[];
  moved_codes: string[];
  removed_codes: string[];
  blocked: Blocked[];
  layout_id: number | null;
}

/** POST the file's text exactly as read (the server names what is wrong with it). */
async function send(path: string, text: string): Promise<Response> {
  const token = session.token();
  let response: Response;
  try {
    response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: text,
      cache: "no-store",
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    let problem: Problem = { status: response.status };
    try {
      problem = { status: response.status, ...(await response.json()) };
    } catch {
      // Not a problem document: the status says enough.
    }
    throw new ApiError(response.status, problem);
  }
  return response;
}

export const layouts = {
  preview: async (text: string) => (await (await send("/api/layout/preview", text)).json()) as LayoutChanges,
  /** The uploaded file drawn, as a blob URL (revoke it when done). */
  previewDrawing: async (text: string) => URL.createObjectURL(await (await send("/api/layout/preview.svg", text)).blob()),
  activate: async (text: string) => (await (await send("/api/layout", text)).json()) as LayoutChanges,
};

export function labelsPath(from: string, to: string): string {
  return `/api/locations/labels.pdf?${new URLSearchParams({ from, to: to || from })}`;
}
