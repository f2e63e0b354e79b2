/**
 * Requests that must reach the server exactly once, in the order they were made, even when the
 * handheld is offline for a while or the app is reloaded in between.
 *
 * Each request is a POST URL, a JSON body and a client-made UUID; the UUID goes out as the
 * `Idempotency-Key` header so that a replay (the answer to the first try was lost) has the
 * effect of one request. Requests are kept in IndexedDB until the server has answered:
 * - accepted → removed;
 * - refused (a final 4xx) → kept as "rejected" with the reason, for the user to see and dismiss,
 *   and the requests after it are still sent;
 * - no answer, 5xx, 429 or not logged in → the queue stops there and tries again later, so
 *   nothing overtakes the request that is waiting.
 */

import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import { uuid4 } from "./uuid";

export type QueueState = "pending" | "rejected";

export interface QueuedRequest {
  /** Sent as `Idempotency-Key`. */
  id: string;
  /** Order of making; assigned by IndexedDB. */
  seq?: number;
  url: string;
  body: unknown;
  /** Who made it: only their session sends it. */
  owner: string | null;
  /** Words for the pending list, e.g. the scanned code. */
  label: string;
  state: QueueState;
  createdAt: number;
  attempts: number;
  error: string | null;
}

export type SendResult =
  | { outcome: "sent"; response?: unknown }
  | { outcome: "rejected"; reason: string; response?: unknown }
  | { outcome: "retry"; reason: string };

export type Sender = (request: QueuedRequest) => Promise<SendResult>;

/** The server's final answer to one request (accepted or refused), for the screen that made it. */
export type AnswerListener = (request: QueuedRequest, result: SendResult) => void;

export interface FlushReport {
  sent: number;
  rejected: number;
  /** Why sending stopped before the queue was empty; null when nothing is left to send. */
  stoppedBy: string | null;
}

export interface EnqueueOptions {
  id?: string;
  label?: string;
}

interface QueueDB extends DBSchema {
  requests: {
    key: number;
    value: QueuedRequest;
    indexes: { id: string };
  };
}

export interface QueueOptions {
  dbName?: string;
  send: Sender;
  owner?: () => string | null;
  now?: () => number;
  newId?: () => string;
}

export class OfflineQueue {
  private dbPromise: Promise<IDBPDatabase<QueueDB>>;
  private flushing: Promise<FlushReport> | null = null;
  private listeners = new Set<() => void>();
  private answerListeners = new Set<AnswerListener>();
  private readonly send: Sender;
  private readonly owner: () => string | null;
  private readonly now: () => number;
  private readonly newId: () => string;
  readonly dbName: string;

  constructor(options: QueueOptions) {
    this.dbName = options.dbName ?? "shipfloor-queue";
    this.send = options.send;
    this.owner = options.owner ?? (() => null);
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? uuid4;
    this.dbPromise = openDB<QueueDB>(this.dbName, 1, {
      upgrade(db) {
        const store = db.createObjectStore("requests", { keyPath: "seq", autoIncrement: true });
        store.createIndex("id", "id", { unique: true });
      },
    });
  }

  /** Keep a request for sending; returns it as stored (with its UUID). */
  async enqueue(url: string, body: unknown, options: EnqueueOptions = {}): Promise<QueuedRequest> {
    const request: QueuedRequest = {
      id: options.id ?? this.newId(),
      url,
      body,
      owner: this.owner(),
      label: options.label ?? "",
      state: "pending",
      createdAt: this.now(),
      attempts: 0,
      error: null,
    };
    const db = await this.dbPromise;
    const existing = await db.getFromIndex("requests", "id", request.id);
    if (existing) return existing;
    request.seq = await db.add("requests", request);
    this.changed();
    return request;
  }

  /** This user's requests, oldest first: pending ones and rejected ones not yet dismissed. */
  async list(): Promise<QueuedRequest[]> {
    const db = await this.dbPromise;
    const owner = this.owner();
    return (await db.getAll("requests")).filter((r) => r.owner === owner);
  }

  async pendingCount(): Promise<number> {
    return (await this.list()).filter((r) => r.state === "pending").length;
  }

  /** Forget a rejected request once the user has read why. */
  async dismiss(id: string): Promise<void> {
    const db = await this.dbPromise;
    const request = await db.getFromIndex("requests", "id", id);
    if (request?.seq !== undefined && request.state === "rejected") {
      await db.delete("requests", request.seq);
      this.changed();
    }
  }

  /** Send this user's pending requests in order; one run at a time. */
  flush(): Promise<FlushReport> {
    this.flushing ??= this.withLock(() => this.run()).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hear each final answer as it arrives: a scan made offline is answered on replay. */
  onAnswer(listener: AnswerListener): () => void {
    this.answerListeners.add(listener);
    return () => this.answerListeners.delete(listener);
  }

  async close(): Promise<void> {
    (await this.dbPromise).close();
  }

  private async run(): Promise<FlushReport> {
    const report: FlushReport = { sent: 0, rejected: 0, stoppedBy: null };
    for (;;) {
      const next = await this.nextPending();
      if (!next) return report;
      let result: SendResult;
      try {
        result = await this.send(next);
      } catch (error) {
        result = { outcome: "retry", reason: error instanceof Error ? error.message : String(error) };
      }
      const db = await this.dbPromise;
      if (result.outcome === "sent") {
        await db.delete("requests", next.seq!);
        report.sent += 1;
      } else if (result.outcome === "rejected") {
        await db.put("requests", { ...next, state: "rejected", attempts: next.attempts + 1, error: result.reason });
        report.rejected += 1;
      } else {
        await db.put("requests", { ...next, attempts: next.attempts + 1, error: result.reason });
        report.stoppedBy = result.reason;
      }
      this.changed();
      if (result.outcome !== "retry") for (const listener of this.answerListeners) listener(next, result);
      if (report.stoppedBy !== null) return report;
    }
  }

  private async nextPending(): Promise<QueuedRequest | undefined> {
    const db = await this.dbPromise;
    const owner = this.owner();
    let cursor = await db.transaction("requests").store.openCursor();
    while (cursor) {
      const value = cursor.value;
      if (value.state === "pending" && value.owner === owner) return value;
      cursor = await cursor.continue();
    }
    return undefined;
  }

  // Two tabs of the app must not send the same queue side by side (order would be lost).
  private withLock<T>(fn: () => Promise<T>): Promise<T> {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    if (!locks) return fn();
    return locks.request(`${this.dbName}:flush`, fn) as Promise<T>;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
