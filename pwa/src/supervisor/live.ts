/**
 * Live events from `GET /api/events` (server-sent events). EventSource cannot send headers, so
 * the token goes in the query; the browser reconnects by itself after the server's `retry`.
 */

import { useEffect, useRef, useState } from "preact/hooks";
import { session } from "../auth/session";

export interface LiveEvent {
  channel: string;
  type: string;
  order_id?: number;
  [key: string]: unknown;
}

/** Handed to the screen after the stream came back, in place of the events it missed. */
export const RECONNECTED = "reconnected";

export type LiveState = "connecting" | "live" | "lost";

export function useLive(topics: string, onEvent: (event: LiveEvent) => void): LiveState {
  const [state, setState] = useState<LiveState>("connecting");
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const token = session.token();
    if (!token || typeof EventSource === "undefined") return;
    const source = new EventSource(
      `/api/events?topics=${encodeURIComponent(topics)}&access_token=${encodeURIComponent(token)}`,
    );
    const take = (message: MessageEvent<string>) => {
      try {
        handler.current(JSON.parse(message.data) as LiveEvent);
      } catch {
        // A malformed message is no reason to drop the stream.
      }
    };
    let connections = 0;
    source.addEventListener("system", () => {
      setState("live");
      // Events sent while the stream was down are gone: a screen catches up by reloading.
      if (connections++ > 0) handler.current({ channel: "system", type: RECONNECTED });
    });
    for (const topic of topics.split(",")) source.addEventListener(topic, take);
    source.onerror = () => setState("lost");
    return () => source.close();
  }, [topics]);
  return state;
}
