import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Annotation } from '../model/types';
import { TextIndex } from '../model/text-index';
import { describeRange } from '../model/selectors';
import { createAnnotation } from '../model/annotation';
import { SidebarState } from './sidebar.svelte';
import { STEP_AT } from './document-parts';
import { TEXT, openReader, testEnv } from './test-reader';

const index = new TextIndex(TEXT);
const CREATORS = ['Me', 'Ana', 'Ben'];
const TAGS = ['t1', 't2', 't3'];
const WORDS = ['', 'fox', 'why', 'Dog'];

const annotation = fc
  .record({
    id: fc.nat(60),
    start: fc.nat(index.length - 2),
    len: fc.integer({ min: 1, max: 12 }),
    creator: fc.constantFrom(...CREATORS),
    tags: fc.subarray(TAGS),
    note: fc.constantFrom(...WORDS),
    orphan: fc.boolean(),
  })
  .map((r): Annotation => {
    const end = Math.min(index.length, r.start + r.len);
    const target = describeRange(index, r.start, end);
    // An orphan: a quote the text does not hold (anchoring leaves it unplaced).
    if (r.orphan) target.quote = { ...target.quote, exact: 'zzqx', prefix: '', suffix: '' };
    const a = createAnnotation(testEnv(), { docId: 'doc', target, creator: r.creator });
    return { ...a, id: `a${r.id}`, tags: r.tags, note: r.note };
  });

const step = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      put: fc.array(annotation, { maxLength: 6 }),
      del: fc.array(fc.nat(60), { maxLength: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      big: fc.array(annotation, { minLength: STEP_AT + 1, maxLength: STEP_AT + 40 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ tag: fc.constantFrom(...TAGS) }) },
  { weight: 1, arbitrary: fc.record({ query: fc.constantFrom('', 'FOX', 'o', 'why', 'the') }) },
  { weight: 1, arbitrary: fc.record({ hasNote: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ hide: fc.constantFrom(...CREATORS), on: fc.boolean() }) },
);

describe('SidebarState: the filtered list and tag counts kept by delta', () => {
  it('random puts, deletes, big batches and filter changes give what a full recompute gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 14 }), async (steps) => {
        const { doc, reader } = await openReader();
        const sidebar = new SidebarState(doc, reader);
        // Read once, so the list is built and then kept by delta.
        expect(sidebar.count).toBe(0);
        for (const s of steps) {
          if ('put' in s) await doc.apply({ put: s.put, delete: s.del.map((n) => `a${n}`) });
          else if ('big' in s) await doc.apply({ put: s.big });
          else if ('tag' in s) sidebar.toggleTag(s.tag);
          else if ('query' in s) sidebar.setQuery(s.query);
          else if ('hasNote' in s) sidebar.setHasNote(s.hasNote);
          else reader.setLayerVisible(s.hide, s.on);

          // The oracle: every annotation, anchored, sorted and filtered from scratch.
          const all = doc.annotations;
          const placed = all
            .map((a) => ({ a, an: doc.anchors.get(a.id)! }))
            .filter((x) => x.an.status !== 'orphan')
            .map(({ a, an }) => ({ a, start: an.start!, end: an.end! }))
            .sort((x, y) => x.start - y.start || x.end - y.end || (x.a.id < y.a.id ? -1 : 1));
          expect(doc.placed.map((p) => p.a.id)).toEqual(placed.map((p) => p.a.id));
          const q = sidebar.query.trim().toLocaleLowerCase();
          const matches = (a: Annotation) =>
            reader.shown(a) &&
            (!sidebar.hasNote || a.note.trim() !== '') &&
            (!sidebar.tagFilter.size || a.tags.some((t) => sidebar.tagFilter.has(t))) &&
            (!q ||
              a.target.quote.exact.toLocaleLowerCase().includes(q) ||
              a.note.toLocaleLowerCase().includes(q));
          const want = placed.filter((p) => matches(p.a));
          expect(sidebar.count).toBe(want.length);
          want.forEach((p, i) => {
            expect(sidebar.at(i)?.a).toBe(p.a);
            expect(sidebar.positionOf(p.a.id)).toBe(i);
          });
          for (const t of TAGS)
            expect(sidebar.tagCount(t)).toBe(all.filter((a) => a.tags.includes(t)).length);
          expect(doc.count).toBe(all.length);
          expect([...doc.creators]).toEqual([...new Set(all.map((a) => a.creator))].sort());
          expect(sidebar.orphans.map((a) => a.id).sort()).toEqual(
            all
              .filter((a) => doc.anchors.get(a.id)?.status === 'orphan' && matches(a))
              .map((a) => a.id)
              .sort(),
          );
        }
      }),
      { numRuns: 40 },
    );
  });
});
