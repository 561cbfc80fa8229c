import { describe, it, expect, vi, beforeEach } from 'vitest';
import type { Anchor, Annotation, TextVersion } from '../model/types';
import { TextIndex } from '../model/text-index';
import { applyLarge, BatchQueue, STEP_AT } from './document-parts';
import { on, TEXT } from './test-reader';

// Counts the anchoring each annotation gets (the model's `anchor`, called through `anchorOf`).
vi.mock('../model/anchor', async (importOriginal) => {
  const real = await importOriginal<typeof import('../model/anchor')>();
  return { ...real, anchor: vi.fn(real.anchor) };
});
const { anchor } = await import('../model/anchor');

/** More annotations than are applied at once: `applyLarge`'s case. */
const many = (): Annotation[] =>
  Array.from({ length: STEP_AT + 50 }, (_, i) => on('doc', i % 2 ? 'quick' : 'lazy dog', `a${i}`));

const version = { docId: 'doc', n: 2 } as TextVersion;

describe('applyLarge', () => {
  beforeEach(() => {
    vi.mocked(anchor).mockClear();
  });

  it('applies a batch bringing a text at once, anchoring each annotation once', async () => {
    const put = many();
    const index = new TextIndex(TEXT);
    const applied: [number, Anchor[]][] = [];
    await applyLarge({ put, text: { base: 1, version, carried: put } }, put, {
      index: () => index,
      current: () => true,
      applyNow: (_step, p, anchors) => applied.push([p.length, anchors]),
    });
    expect(applied).toHaveLength(1);
    expect(applied[0][0]).toBe(put.length);
    expect(applied[0][1][1]).toMatchObject({ start: 4, end: 9, status: 'exact' });
    expect(anchor).toHaveBeenCalledTimes(put.length);
  });

  it('anchors again on a text that replaced the one anchored on (a later save)', async () => {
    const put = many();
    const first = new TextIndex(TEXT);
    const later = new TextIndex('Quite another text: the quick fox and the lazy dog.');
    let index = first;
    const applied: Anchor[][] = [];
    const step = applyLarge({ put, text: { base: 1, version, carried: put } }, put, {
      index: () => index,
      current: () => true,
      applyNow: (_step, _p, anchors) => applied.push(anchors),
    });
    index = later;
    await step;
    expect(applied).toHaveLength(1);
    expect(applied[0][1]).toMatchObject({ start: 24, end: 29 });
    expect(anchor).toHaveBeenCalledTimes(2 * put.length);
  });
});

describe('BatchQueue', () => {
  it('a hold delays later jobs and `settled`, not `inState` for the jobs before it', async () => {
    const q = new BatchQueue();
    const seen: string[] = [];
    let release = () => {};
    const write = new Promise<void>((r) => (release = r));
    void q.later(async () => void seen.push('applied'));
    q.hold(write);
    void q.settled().then(() => seen.push('settled'));
    await q.inState();
    seen.push('in state');
    const next = q.later(async () => void seen.push('next'));
    await Promise.resolve();
    expect(seen).toEqual(['applied', 'in state']);
    release();
    await next;
    await q.settled();
    expect(seen).toEqual(['applied', 'in state', 'settled', 'next']);
  });
});
