/** The app's one offline queue, sending through the API with the session's token. */

import { session } from "../auth/session";
import { OfflineQueue, type QueuedRequest, type SendResult } from "./offline-queue";
import { keepSending } from "./retry";

// Statuses that may succeed when sent again unchanged; every other 4xx is the server's "no".
const RETRY = new Set([401, 408, 425, 429]);

export async function sendOverHttp(request: QueuedRequest): Promise<SendResult> {
  const token = session.token();
  if (!token) return { outcome: "retry", reason: "not logged in" };
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        Authorization: `Bearer ${token}`,
        "Idempotency-Key": request.id,
      },
      body: JSON.stringify(request.body),
      cache: "no-store",
    });
  } catch {
    return { outcome: "retry", reason: "offline" };
  }
  if (response.ok) return { outcome: "sent", response: await response.json().catch(() => undefined) };
  const problem = (await response.json().catch(() => ({}))) as { detail?: string; title?: string };
  const reason = problem.detail ?? problem.title ?? `HTTP ${response.status}`;
  if (RETRY.has(response.status) || response.status >= 500) return { outcome: "retry", reason };
  return { outcome: "rejected", reason, response: problem };
}

export const queue = new OfflineQueue({
  send: sendOverHttp,
  owner: () => session.user()?.username ?? null,
});

let sender: ReturnType<typeof keepSending> | null = null;

/** Start sending (at app start and after every login); the queue keeps what it cannot send. */
export function startSending(): void {
  sender ??= keepSending(queue, window);
  void sender.kick();
}

/** Keep a POST for the server and try to send it now. */
export async function post(url: string, body: unknown, options: { id?: string; label?: string } = {}) {
  const request = await queue.enqueue(url, body, options);
  startSending();
  return request;
}
