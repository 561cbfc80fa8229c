import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fresh, packDrawRecord, unpackDrawRecord, type DrawEntry } from './draw-record';
import {
  highlightClass,
  highlightDescription,
  highlightTitle,
  noteGist,
} from '../model/annotation';
import { annotationRecord } from '../model/annotation.fixtures';
import type { Tag } from '../model/types';
import { meta } from './test-fixtures';

const entry = (i: number, extra: Partial<DrawEntry> = {}): DrawEntry => ({
  id: `urn:uuid:${i}`,
  start: i * 10,
  end: i * 10 + 4,
  fuzzy: i % 3 === 0,
  creator: i % 2 ? 'Ana' : 'Me',
  tags: i % 4 ? ['t1', 't2'] : [],
  ...(i % 4 ? {} : { color: 'green' }),
  note: i % 5 ? '' : `note ${i} « é » 😀\nsecond line`,
  prompt: i === 7,
  reply: i === 8,
  ...extra,
});

describe('drawing record (draw-record.ts)', () => {
  it('packs entries into a few arrays and strings and unpacks them as they were', () => {
    const list = Array.from({ length: 500 }, (_, i) => entry(i));
    list.push(entry(999, { id: 'odd\nid\u0000', note: '\u0000' }));
    const rec = packDrawRecord('d', { rev: 'r', version: 2 }, 600, list);
    expect(rec.creators).toEqual(['Me', 'Ana']);
    expect(rec.styles.length).toBe(2);
    expect(structuredClone(rec).ranges).toBeInstanceOf(Uint32Array);
    expect(unpackDrawRecord(structuredClone(rec))).toEqual(list);
    expect(rec.total).toBe(600);
  });

  it('is fresh only for the revision and text version it was stamped with', () => {
    const rec = packDrawRecord('d', { rev: 'r', version: 2 }, 0, []);
    expect(fresh(rec, meta('d', undefined, { pagesRev: 'r', version: 2 }))).toBe(true);
    expect(fresh(rec, meta('d', undefined, { pagesRev: 's', version: 2 }))).toBe(false);
    expect(fresh(rec, meta('d', undefined, { pagesRev: 'r' }))).toBe(false);
    expect(fresh(rec, meta('e', undefined, { pagesRev: 'r', version: 2 }))).toBe(false);
    expect(fresh(undefined, meta('d'))).toBe(false);
    const v5 = packDrawRecord('d', { rev: '', version: 1 }, 0, []);
    expect(fresh(v5, meta('d'))).toBe(true);
  });

  it("a note's gist gives the highlight exactly the look of the whole note", () => {
    const tags = new Map<string, Tag>([['t', { id: 't', name: 'Claim', color: 'blue' }]]);
    const look = (note: string) => {
      const a = annotationRecord(
        { id: 'a', docId: 'd', creator: 'Me', at: 'x', exact: 'x', start: 0 },
        { note, tags: ['t'] },
      );
      return [
        highlightClass(a, tags),
        highlightTitle(a, tags),
        highlightDescription(a, tags, 'Ana'),
      ];
    };
    const piece = fc.constantFrom('a', 'é', '😀', ' ', '  ', '\n', '\t', 'word ', '\n\n', ' \n ');
    const note = fc.array(piece, { maxLength: 1500 }).map((p) => p.join(''));
    fc.assert(
      fc.property(note, (n) => {
        const g = noteGist(n);
        expect(n.trim().startsWith(g)).toBe(true);
        expect(look(g)).toEqual(look(n));
      }),
      { numRuns: 300 },
    );
    const long = 'x'.repeat(100) + ' '.repeat(3000) + 'y'.repeat(5000);
    expect(look(noteGist(long))).toEqual(look(long));
    expect(noteGist(long).length).toBeLessThan(4000);
    expect(noteGist('w '.repeat(5000)).length).toBeLessThan(600);
  });
});
