import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createAnnotation } from '../model/annotation';
import type { Annotation, Env } from '../model/types';
import { ANNOTATIONS_KEY, applyLocalBatch, observeRemote, type RemoteBatch } from './mirror';
import { readTombstones } from './tombstones';

const TEXT = 'In the beginning 🌍 was the word.';
const ctx = { docId: 'urn:uuid:doc', textLength: [...TEXT].length };
let n = 0;
const env = (iso = '2026-01-01T10:00:00.000Z'): Env => ({
  now: () => new Date(iso),
  uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
});

function anno(note = '', iso?: string): Annotation {
  const a = createAnnotation(env(iso), {
    docId: ctx.docId,
    creator: 'Ada',
    target: {
      quote: { type: 'TextQuoteSelector', exact: '🌍 was', prefix: 'beginning ', suffix: ' the' },
      position: { type: 'TextPositionSelector', start: 17, end: 22 },
    },
  });
  return { ...a, note };
}

/** Two replicas linked as a provider would link them: every update goes to the other side. */
function pair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on(
    'update',
    (u: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(b, u, 'net'),
  );
  b.on(
    'update',
    (u: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(a, u, 'net'),
  );
  return { a, b, mapA: a.getMap(ANNOTATIONS_KEY), mapB: b.getMap(ANNOTATIONS_KEY) };
}

describe('annotation mirror', () => {
  it('sends a local batch in one transaction and receives it as one validated remote batch', () => {
    const { a, b, mapA } = pair();
    const got: RemoteBatch[] = [];
    const echoed: RemoteBatch[] = [];
    observeRemote(b, ctx, (x) => got.push(x));
    observeRemote(a, ctx, (x) => echoed.push(x));
    let updates = 0;
    a.on('update', () => updates++);
    const x = anno('one');
    const y = anno('two');
    applyLocalBatch(mapA, { put: [x, y], delete: [] });
    expect(updates).toBe(1);
    expect(got).toEqual([{ put: [x, y], delete: [], problems: [] }]);
    expect(echoed).toEqual([]);

    applyLocalBatch(mapA, { put: [{ ...x, note: 'edited' }], delete: [y.id] });
    expect(got[1]).toEqual({ put: [{ ...x, note: 'edited' }], delete: [y.id], problems: [] });
  });

  it('leaves a tombstone for each deletion, and an undo removes it', () => {
    const { b, mapA } = pair();
    const x = anno('x');
    applyLocalBatch(mapA, { put: [x], delete: [] });
    const at = { at: '2026-01-03T10:00:00.000Z', creator: 'ignored' };
    applyLocalBatch(mapA, { put: [], delete: [x.id] }, (_id, record) => ({
      ...at,
      creator: (record as Annotation).creator,
    }));
    expect(readTombstones(b)).toEqual(new Map([[x.id, { at: at.at, creator: 'Ada' }]]));
    // A deletion of a record the room does not hold yet (a room opened offline) is kept too.
    applyLocalBatch(mapA, { put: [], delete: ['urn:uuid:later'] }, () => at);
    expect(readTombstones(b).get('urn:uuid:later')).toEqual(at);
    applyLocalBatch(mapA, { put: [x], delete: [] });
    expect(readTombstones(b).has(x.id)).toBe(false);
    expect(b.getMap(ANNOTATIONS_KEY).has(x.id)).toBe(true);
  });

  it('does not rewrite unchanged records', () => {
    const { a, mapA } = pair();
    const x = anno();
    applyLocalBatch(mapA, { put: [x], delete: [] });
    let updates = 0;
    a.on('update', () => updates++);
    applyLocalBatch(mapA, { put: [x], delete: [] });
    expect(updates).toBe(0);
  });

  it('never applies a remote record that fails validation, and says why', () => {
    const { a, b, mapA } = pair();
    const got: RemoteBatch[] = [];
    observeRemote(b, ctx, (x) => got.push(x));
    const good = anno();
    const bad = [
      ['urn:uuid:1', 'not an object'],
      ['urn:uuid:2', { ...anno(), id: 'urn:uuid:2', docId: 'urn:uuid:other' }],
      [
        'urn:uuid:3',
        {
          ...anno(),
          id: 'urn:uuid:3',
          target: {
            ...good.target,
            position: { type: 'TextPositionSelector', start: 0, end: 999 },
          },
        },
      ],
      ['urn:uuid:4', { ...anno(), id: 'urn:uuid:4', created: 'yesterday' }],
      ['urn:uuid:5', { ...anno(), id: 'urn:uuid:5', color: 'url(javascript:1)' }],
      ['urn:uuid:6', { ...anno(), id: 'urn:uuid:other' }],
    ] as const;
    a.transact(() => {
      mapA.set(good.id, JSON.parse(JSON.stringify(good)));
      for (const [k, v] of bad) mapA.set(k, v);
    });
    expect(got).toHaveLength(1);
    expect(got[0].put).toEqual([good]);
    expect(got[0].problems).toHaveLength(bad.length);
    expect(got[0].problems.join('\n')).toMatch(/another document/);
    expect(got[0].problems.join('\n')).toMatch(/beyond the end of the text/);
  });
});
