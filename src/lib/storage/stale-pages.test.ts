import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { LibraryStore } from './library-store';
import { readAnnotationsApart } from './page-reader';
import { DB_VERSION, type MarginaliaDB } from './schema';
import type { Annotation, TextVersion } from '../model/types';
import { applyReplaces, carryAnnotations, type TextReplace } from '../model/text-edit';
import { describeRange } from '../model/selectors';
import { TextIndex } from '../model/text-index';
import { ann, freshName, meta, tags } from './test-fixtures';

const V1 =
  'In the beginning was the word, and the word was with the reader.\n\nSecond « para » 😀.';
const words = ['beginning', 'word,', 'reader', 'para', '😀'];

/** 600 annotations (several pages) on words of V1, placed by their selectors. */
function annotations(): Annotation[] {
  const index = new TextIndex(V1);
  return Array.from({ length: 600 }, (_, i) => {
    const w = words[i % words.length];
    const start = index.toCodePoint(V1.indexOf(w));
    const target = describeRange(index, start, start + [...w].length);
    return ann(`a${String(i).padStart(3, '0')}`, 'd', { target, note: `n${i}` });
  });
}

/** A saved edit of `before` as `TextEdit` makes it: the version and the annotations carried. */
function edit(before: string, n: number, reps: TextReplace[], list: Annotation[]) {
  const { text, map } = applyReplaces(before, reps);
  // Lost ones stay unplaced (`anchorOf`); every other is placed at its selector.
  const placed = list
    .filter((a) => a.edit?.outcome !== 'lost')
    .map((a) => ({ a, ...a.target.position }));
  const { put } = carryAnnotations(new TextIndex(text), map, placed, n);
  const version: TextVersion = {
    docId: 'd',
    n,
    created: '2026-03-01T00:00:00Z',
    contentHash: `h${n}`,
    source: text,
    map,
  };
  const after = list.map((a) => put.find((p) => p.id === a.id) ?? a);
  return { text, version, carried: put, after };
}

async function library(name = freshName()) {
  const s = await LibraryStore.open({ name });
  const list = annotations();
  await s.addDocument(meta('d'), { id: 'd', source: V1 }, tags('d'), list);
  return { s, name, list };
}

/** The pages as stored, flattened in id order (what a save wrote or left). */
async function rawPages(name: string): Promise<Annotation[]> {
  const db = await openDB<MarginaliaDB>(name, DB_VERSION);
  const pages = await db.getAll('annotationPages');
  db.close();
  return pages.flatMap((p) => p.annotations).sort((a, b) => (a.id < b.id ? -1 : 1));
}

const cp = (w: string) => new TextIndex(V1).toCodePoint(V1.indexOf(w));
// The start gets a word (everything moves), "word," a letter inside (changed), 😀 goes (lost).
const first: TextReplace[] = [
  { start: 0, end: 0, text: 'Yes. ' },
  { start: cp('word,') + 5 + 2, end: cp('word,') + 5 + 2, text: 's' },
  { start: cp('😀') + 6, end: cp('😀') + 7, text: '' },
];

describe('a carried save leaves the pages, every read carries them (schema 5, issue 16)', () => {
  it('writes the text and no page; lists, finds, exports and reads apart the carried annotations', async () => {
    const { s, name, list } = await library();
    const e = edit(V1, 2, first, list);
    expect(e.carried.length).toBe(600);
    const outcomes = new Set(e.after.map((a) => a.edit?.outcome));
    expect([...outcomes].sort()).toEqual(['changed', 'lost', undefined]);
    await s.applyChanges('d', { text: { base: 1, version: e.version, carried: e.carried } });
    expect(await rawPages(name)).toEqual(list);
    expect((await s.getDocument('d'))?.pagesAt).toBe(1);
    expect((await s.getText('d'))?.source).toBe(e.text);
    expect(await s.listAnnotations('d')).toEqual(e.after);
    expect(await s.getAnnotations('d', ['a001', 'zz', 'a004'])).toEqual([
      e.after[1],
      undefined,
      e.after[4],
    ]);
    expect(await readAnnotationsApart(name, 'd')).toEqual(e.after);
    const [snap] = await s.exportAll();
    expect(snap.annotations).toEqual(e.after);
    expect(snap.meta.pagesAt).toBeUndefined();
    // Another tab (its own connection) reads the same.
    const other = await LibraryStore.open({ name });
    expect(await other.listAnnotations('d')).toEqual(e.after);
    // The catch-up rewrites the pages; reads give the same before and after.
    await other.catchUp('d');
    expect(await rawPages(name)).toEqual(e.after);
    expect((await s.getDocument('d'))?.pagesAt).toBeUndefined();
    expect(await s.listAnnotations('d')).toEqual(e.after);
    other.close();
    s.close();
  });

  it('carries through two saves made before a catch-up, and a later annotation write catches up first', async () => {
    const { s, name, list } = await library();
    const e2 = edit(V1, 2, first, list);
    await s.applyChanges('d', { text: { base: 1, version: e2.version, carried: e2.carried } });
    const e3 = edit(e2.text, 3, [{ start: 10, end: 14, text: '' }], e2.after);
    await s.applyChanges('d', { text: { base: 2, version: e3.version, carried: e3.carried } });
    expect((await s.getDocument('d'))?.pagesAt).toBe(1);
    expect(await s.listAnnotations('d')).toEqual(e3.after);
    // A new annotation counts in version 3: the pages are carried before it is written.
    const index = new TextIndex(e3.text);
    const fresh = ann('new', 'd', { target: describeRange(index, 0, 3) });
    await s.applyChanges('d', { put: [fresh], delete: ['a000'] });
    const now = [...e3.after.slice(1), fresh].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(await rawPages(name)).toEqual(now);
    expect(await s.listAnnotations('d')).toEqual(now);
    const m = await s.getDocument('d');
    expect([m?.pagesAt, m?.version, m?.annotationCount]).toEqual([undefined, 3, 600]);
    s.close();
  });

  it('a refused save leaves the pages current; deleting a stale document gives the carried ones for undo', async () => {
    const { s, name, list } = await library();
    const e = edit(V1, 2, first, list);
    const wrong = { base: 2, version: { ...e.version, n: 3 }, carried: e.carried };
    await expect(s.applyChanges('d', { text: wrong })).rejects.toThrow(/changed elsewhere/);
    expect((await s.getDocument('d'))?.pagesAt).toBeUndefined();
    expect(await s.listAnnotations('d')).toEqual(list);
    await s.applyChanges('d', { text: { base: 1, version: e.version, carried: e.carried } });
    const snap = await s.deleteDocument('d');
    expect(snap?.annotations).toEqual(e.after);
    expect(snap?.meta.pagesAt).toBeUndefined();
    await s.restoreDocument(snap!);
    expect(await rawPages(name)).toEqual(e.after);
    expect(await s.listAnnotations('d')).toEqual(e.after);
    expect((await s.getDocument('d'))?.version).toBe(2);
    s.close();
  });
});
