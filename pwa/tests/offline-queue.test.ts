import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { OfflineQueue, type QueuedRequest, type SendResult } from "../src/queue/offline-queue";
import { keepSending, nextPause } from "../src/queue/retry";

let dbCount = 0;
const queues: OfflineQueue[] = [];

/** A server that answers each request with the next of `answers` (then "sent"), and records. */
function server(answers: SendResult[] = []) {
  const seen: QueuedRequest[] = [];
  const send = async (request: QueuedRequest): Promise<SendResult> => {
    seen.push(request);
    return answers.shift() ?? { outcome: "sent" };
  };
  return { seen, send };
}

function makeQueue(send: (r: QueuedRequest) => Promise<SendResult>, dbName?: string, owner = "picker") {
  let n = 0;
  const queue = new OfflineQueue({
    dbName: dbName ?? `queue-${++dbCount}`,
    send,
    owner: () => owner,
    now: () => 1_700_000_000_000,
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
  });
  queues.push(queue);
  return queue;
}

afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.close()));
});

describe("OfflineQueue", () => {
  it("keeps requests with their UUIDs, pending, oldest first", async () => {
    const queue = makeQueue(server().send);
    await queue.enqueue("/api/pick-batches/1/scans", { raw: "A" }, { label: "A" });
    await queue.enqueue("/api/pick-batches/1/scans", { raw: "B" }, { label: "B" });
    const items = await queue.list();
    expect(items.map((r) => [r.id, r.label, r.state, r.seq])).toEqual([
      ["00000000-0000-4000-8000-000000000001", "A", "pending", 1],
      ["00000000-0000-4000-8000-000000000002", "B", "pending", 2],
    ]);
    expect(await queue.pendingCount()).toBe(2);
  });

  it("takes a UUID made by the caller, and keeping it twice keeps it once", async () => {
    const queue = makeQueue(server().send);
    const id = "6f1c1d8e-3f0a-4c8e-9a55-0d4a7e3b2c10";
    await queue.enqueue("/x", { n: 1 }, { id });
    await queue.enqueue("/x", { n: 1 }, { id });
    expect((await queue.list()).map((r) => r.id)).toEqual([id]);
  });

  it("sends in the order made and empties itself", async () => {
    const { seen, send } = server();
    const queue = makeQueue(send);
    for (const raw of ["1", "2", "3"]) await queue.enqueue("/scans", { raw });
    const report = await queue.flush();
    expect(report).toEqual({ sent: 3, rejected: 0, stoppedBy: null });
    expect(seen.map((r) => (r.body as { raw: string }).raw)).toEqual(["1", "2", "3"]);
    expect(await queue.list()).toEqual([]);
  });

  it("stops at the first request that gets no answer and keeps it and all after it", async () => {
    const { seen, send } = server([{ outcome: "sent" }, { outcome: "retry", reason: "offline" }]);
    const queue = makeQueue(send);
    for (const raw of ["1", "2", "3"]) await queue.enqueue("/scans", { raw });
    const report = await queue.flush();
    expect(report).toEqual({ sent: 1, rejected: 0, stoppedBy: "offline" });
    expect(seen).toHaveLength(2);
    const left = await queue.list();
    expect(left.map((r) => [(r.body as { raw: string }).raw, r.attempts, r.error])).toEqual([
      ["2", 1, "offline"],
      ["3", 0, null],
    ]);
  });

  it("treats a thrown error (fetch failed) as no answer", async () => {
    const queue = makeQueue(async () => {
      throw new TypeError("Failed to fetch");
    });
    await queue.enqueue("/scans", { raw: "1" });
    expect(await queue.flush()).toEqual({ sent: 0, rejected: 0, stoppedBy: "Failed to fetch" });
    expect(await queue.pendingCount()).toBe(1);
  });

  it("replays the same UUID after a lost answer", async () => {
    const { seen, send } = server([{ outcome: "retry", reason: "timeout" }]);
    const queue = makeQueue(send);
    const made = await queue.enqueue("/scans", { raw: "1" });
    await queue.flush();
    await queue.flush();
    expect(seen.map((r) => r.id)).toEqual([made.id, made.id]);
    expect(await queue.list()).toEqual([]);
  });

  it("keeps a refused request as rejected with the reason and sends the ones after it", async () => {
    const { seen, send } = server([{ outcome: "rejected", reason: "Wrong product for this stop" }]);
    const queue = makeQueue(send);
    for (const raw of ["1", "2"]) await queue.enqueue("/scans", { raw });
    expect(await queue.flush()).toEqual({ sent: 1, rejected: 1, stoppedBy: null });
    expect(seen).toHaveLength(2);
    const [left] = await queue.list();
    expect([left!.state, left!.error, await queue.pendingCount()]).toEqual([
      "rejected",
      "Wrong product for this stop",
      0,
    ]);
    await queue.flush();
    expect(seen).toHaveLength(2); // a rejected request is never sent again
    await queue.dismiss(left!.id);
    expect(await queue.list()).toEqual([]);
  });

  it("survives a reload: a new queue on the same database sends what the old one kept", async () => {
    const offline = server([{ outcome: "retry", reason: "offline" }]);
    const before = makeQueue(offline.send, "reload-db");
    await before.enqueue("/scans", { raw: "1" });
    await before.enqueue("/scans", { raw: "2" });
    await before.flush();
    await before.close();

    const online = server();
    const after = makeQueue(online.send, "reload-db");
    expect((await after.list()).map((r) => r.state)).toEqual(["pending", "pending"]);
    expect(await after.flush()).toEqual({ sent: 2, rejected: 0, stoppedBy: null });
    expect(online.seen.map((r) => (r.body as { raw: string }).raw)).toEqual(["1", "2"]);
  });

  it("sends only the logged-in user's requests", async () => {
    const first = server();
    const pat = makeQueue(first.send, "owners", "pat");
    await pat.enqueue("/scans", { raw: "pat" });
    await pat.close();
    const kim = makeQueue(first.send, "owners", "kim");
    await kim.enqueue("/scans", { raw: "kim" }, { id: "00000000-0000-4000-8000-00000000000b" });
    expect((await kim.list()).map((r) => r.owner)).toEqual(["kim"]);
    await kim.flush();
    expect(first.seen.map((r) => r.owner)).toEqual(["kim"]);
  });

  it("runs one flush at a time", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seen: string[] = [];
    const queue = makeQueue(async (r) => {
      seen.push(r.id);
      await gate;
      return { outcome: "sent" };
    });
    await queue.enqueue("/scans", { raw: "1" });
    const a = queue.flush();
    const b = queue.flush();
    expect(a).toBe(b);
    release();
    await a;
    expect(seen).toHaveLength(1);
  });

  it("tells subscribers about every change", async () => {
    const queue = makeQueue(server().send);
    const calls = vi.fn();
    queue.subscribe(calls);
    await queue.enqueue("/scans", { raw: "1" });
    await queue.flush();
    expect(calls).toHaveBeenCalledTimes(2);
  });
});

describe("keepSending", () => {
  /** Timers that run only when the test says so. */
  function manualTimers() {
    const pending: { fn: () => void; ms: number }[] = [];
    return {
      pending,
      setTimeout: (fn: () => void, ms: number) => {
        const entry = { fn, ms };
        pending.push(entry);
        return entry;
      },
      clearTimeout: (handle: unknown) => {
        const i = pending.indexOf(handle as { fn: () => void; ms: number });
        if (i >= 0) pending.splice(i, 1);
      },
    };
  }

  it("pauses 1, 2, 4 … 30 s between failed runs", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(nextPause)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it("tries at start, again after a pause, and at once when back online", async () => {
    const { seen, send } = server([
      { outcome: "retry", reason: "offline" },
      { outcome: "retry", reason: "offline" },
    ]);
    const queue = makeQueue(send);
    await queue.enqueue("/scans", { raw: "1" });
    const target = new EventTarget();
    const timers = manualTimers();
    const sender = keepSending(queue, target as unknown as Window, timers);

    expect(await sender.started).toEqual({ sent: 0, rejected: 0, stoppedBy: "offline" });
    expect(timers.pending.map((t) => t.ms)).toEqual([1000]);

    timers.pending.shift()!.fn();
    await vi.waitFor(() => expect(timers.pending.map((t) => t.ms)).toEqual([2000]));
    expect(seen).toHaveLength(2);

    target.dispatchEvent(new Event("online"));
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    await vi.waitFor(async () => expect(await queue.list()).toEqual([]));
    // Back online: the 2 s pause was cancelled, nothing is left to retry.
    expect(timers.pending).toEqual([]);
    sender.stop();
  });

  it("stops listening when stopped", async () => {
    const { seen, send } = server();
    const queue = makeQueue(send);
    const target = new EventTarget();
    const sender = keepSending(queue, target as unknown as Window, manualTimers());
    await sender.started;
    sender.stop();
    await queue.enqueue("/scans", { raw: "1" });
    target.dispatchEvent(new Event("online"));
    await queue.flush();
    expect(seen).toHaveLength(1); // only the explicit flush sent it
  });
});

describe("answers", () => {
  it("hands each final answer to the listeners, not the retries", async () => {
    const { send } = server([{ outcome: "sent", response: { result: "picked" } }, { outcome: "rejected", reason: "Wrong bin", response: { code: "wrong_location" } }, { outcome: "retry", reason: "offline" }]);
    const queue = makeQueue(send);
    const heard: [string, unknown][] = [];
    queue.onAnswer((request, result) => heard.push([request.label, result.outcome === "retry" ? null : result.response]));
    for (const label of ["one", "two", "three"]) await queue.enqueue("/x", {}, { label });
    await queue.flush();
    expect(heard).toEqual([["one", { result: "picked" }], ["two", { code: "wrong_location" }]]);
  });
});
