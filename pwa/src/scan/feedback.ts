/**
 * What a scan feels like: a sound, a buzz and a line of words, different for good and bad, so a
 * picker knows the answer without looking at the screen. The tones are synthesised (Web Audio),
 * so no sound file has to be cached for offline use.
 */

export type Verdict = "good" | "bad" | "info";

export interface Feedback {
  verdict: Verdict;
  message: string;
  at: number;
}

type Listener = (feedback: Feedback | null) => void;
const listeners = new Set<Listener>();
let current: Feedback | null = null;
let audio: AudioContext | null = null;

// Good: a short rising chirp. Bad: two low, harsh buzzes, long enough to hear over a forklift.
const TONES: Record<Verdict, { freq: number; ms: number; type: OscillatorType }[]> = {
  good: [
    { freq: 1046, ms: 70, type: "sine" },
    { freq: 1568, ms: 90, type: "sine" },
  ],
  bad: [
    { freq: 196, ms: 220, type: "square" },
    { freq: 0, ms: 60, type: "square" },
    { freq: 196, ms: 220, type: "square" },
  ],
  info: [{ freq: 880, ms: 60, type: "sine" }],
};

const BUZZ: Record<Verdict, number[]> = { good: [60], bad: [200, 80, 200], info: [] };

function context(): AudioContext | null {
  const Ctor = globalThis.AudioContext ?? (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return null;
  audio ??= new Ctor();
  // Browsers start audio suspended until a user gesture; a scan's key press counts as one.
  if (audio.state === "suspended") void audio.resume();
  return audio;
}

function play(verdict: Verdict): void {
  const ctx = context();
  if (!ctx) return;
  let at = ctx.currentTime;
  for (const tone of TONES[verdict]) {
    const seconds = tone.ms / 1000;
    if (tone.freq > 0) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = tone.type;
      osc.frequency.value = tone.freq;
      gain.gain.setValueAtTime(0.25, at);
      gain.gain.exponentialRampToValueAtTime(0.001, at + seconds);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + seconds);
    }
    at += seconds;
  }
}

// A good answer needs only a glance; a bad one stays until tapped away or the next scan.
const HIDE_GOOD_MS = 4000;
let hideTimer: ReturnType<typeof setTimeout> | undefined;

export function give(verdict: Verdict, message: string): void {
  try {
    play(verdict);
  } catch {
    // Sound is a bonus; the words on screen are the answer.
  }
  if (BUZZ[verdict].length && "vibrate" in navigator) navigator.vibrate(BUZZ[verdict]);
  current = { verdict, message, at: Date.now() };
  for (const listener of listeners) listener(current);
  clearTimeout(hideTimer);
  if (verdict !== "bad") hideTimer = setTimeout(clear, HIDE_GOOD_MS);
}

/** Hide the answer; with `only`, only an answer of that verdict. */
export function clear(only?: Verdict): void {
  if (only && current?.verdict !== only) return;
  clearTimeout(hideTimer);
  current = null;
  for (const listener of listeners) listener(null);
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  listener(current);
  return () => listeners.delete(listener);
}
