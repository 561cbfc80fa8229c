/** Shared by the live-class bench (bench/live.ts) and its baselines (bench/live-baselines.ts). */
import { resolve } from 'node:path';
import { createAnnotation } from '../src/lib/model/annotation';
import { describeRange } from '../src/lib/model/selectors';
import { TextIndex } from '../src/lib/model/text-index';

export const root = resolve(import.meta.dirname, '..');
export const STUDENTS = 30;
export const PER_STUDENT = 50;
export const INTERVAL = Number(process.env.LIVE_INTERVAL_MS ?? 400);
/** Loopback ports reserved for this bench (class servers 47xx, Redis 64xx). */
export const PORTS = { a: 4710, b: 4711, relay: 4712, redis: 6411 };
/** Hard bound per scenario: writing takes PER_STUDENT × INTERVAL, the rest is slack. */
export const SCENARIO_LIMIT_MS = 60_000;
export const DOC = 'urn:uuid:0b0b0b0b-1111-4222-8333-444444444444';
export const TEXT = Array.from(
  { length: 400 },
  (_, i) => `Sentence ${i} of the reading, with words.`,
).join(' ');
export const index = new TextIndex(TEXT);
export const ctx = { docId: DOC, textLength: index.length };

/** Student i's k-th annotation: 25 characters somewhere in the text. */
export function note(i: number, k: number) {
  const start = (i * 997 + k * 131) % (TEXT.length - 40);
  return createAnnotation(
    { now: () => new Date(), uuid: () => crypto.randomUUID() },
    { docId: DOC, creator: `S${i}`, target: describeRange(index, start, start + 25) },
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await sleep(25);
  }
}

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/** One scenario's figures from its latencies (ms, one per record received) and counts. */
export function summarize(
  scenario: string,
  latency: number[],
  counts: Pick<Figures, 'sent' | 'received' | 'duplicates' | 'pushMeanMs' | 'writeSpanMs'>,
): Figures {
  return {
    scenario,
    ...counts,
    p50: pct(latency, 50),
    p95: pct(latency, 95),
    max: Math.max(...latency),
  };
}

export interface Figures {
  scenario: string;
  sent: number;
  received: number;
  duplicates: number;
  p50: number;
  p95: number;
  max: number;
  /** Time inside the student's push (Y transaction + encoding), per write. */
  pushMeanMs: number;
  /** Time inside the teacher's handler after validation, per batch (the app would commit here). */
  writeSpanMs: number;
}
