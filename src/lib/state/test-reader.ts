// A reader wired as the app wires it, over a fresh fake-indexeddb database and a fake editor
// (imported only by *.test.ts).
import { expect, vi } from 'vitest';
import type { Annotation, Env } from '../model/types';
import { TextIndex } from '../model/text-index';
import { describeRange } from '../model/selectors';
import { createAnnotation } from '../model/annotation';
import { LibraryStore } from '../storage/library-store';
import { freshName, meta } from '../storage/test-fixtures';
import type { ReaderEditor, TextHighlight } from '../editor/reader-editor';
import { OpenDocument } from './document.svelte';
import { ReaderState } from './reader.svelte';
import { EditorSync } from './editor-sync.svelte';
import { AnnotationCommands } from './annotation-commands.svelte';
import { Notices } from './notices.svelte';

export const TEXT = 'The quick brown fox jumps over the lazy dog. A second sentence follows here.';

/** Ids and times in order, so tests can name what they create. */
export function testEnv(): Env {
  let n = 0;
  return { now: () => new Date('2026-02-01T00:00:00Z'), uuid: () => `id-${++n}` };
}

/** An annotation of `docId` on the first occurrence of `quote` in TEXT. */
export function on(docId: string, quote: string, id: string, creator = 'Me'): Annotation {
  const start = [...TEXT.slice(0, TEXT.indexOf(quote))].length;
  const target = describeRange(new TextIndex(TEXT), start, start + [...quote].length);
  return { ...createAnnotation(testEnv(), { docId, target, creator }), id };
}

/** A stand-in for the TipTap editor: records what it was told to draw. `load` draws the
 * highlights it is given as `setHighlights` does (recorded there too), as ReaderEditor's does. */
export function fakeEditor(selection: { start: number; end: number } | null = null) {
  const calls = {
    load: vi.fn((_parsed: unknown, list: readonly TextHighlight[] = []) => {
      calls.setHighlights(list);
      return Promise.resolve(true);
    }),
    setHighlights: vi.fn((_list: readonly TextHighlight[]) => {}),
    updateHighlights: vi.fn((_put: readonly TextHighlight[], _remove: readonly string[]) => {}),
    selection: vi.fn(() => selection),
    collapseSelection: vi.fn(() => {}),
    setActive: vi.fn((_id: string | null) => {}),
  };
  return { editor: calls as unknown as ReaderEditor, calls };
}

/** The document's owners wired as in AppState, on a stored document with `annotations`. */
export async function openReader(annotations: (docId: string) => Annotation[] = () => []) {
  const name = freshName();
  const store = await LibraryStore.open({ name });
  const id = 'doc';
  await store.addDocument(
    meta(id, undefined, { size: TEXT.length }),
    { id, source: TEXT },
    { docId: id, tags: [{ id: 't1', name: 'Claim', color: 'blue' }] },
    annotations(id),
  );
  const notices = new Notices();
  const applied = vi.fn();
  // Late-bound like AppState: the hooks name owners built after the document.
  const o = {} as { reader: ReaderState; sync: EditorSync; edits: AnnotationCommands };
  const doc = new OpenDocument(store, {
    opened: () => {
      o.reader.reset();
      o.edits.history.clear();
      o.sync.opened();
    },
    applied: (c) => {
      applied(c);
      o.sync.applied(c);
    },
  });
  o.reader = new ReaderState(doc, () => o.sync.redraw());
  o.sync = new EditorSync(doc, o.reader, notices);
  o.edits = new AnnotationCommands(doc, o.reader, o.sync, notices, testEnv());
  expect(await doc.open(id)).toBe(true);
  return { name, store, id, doc, notices, applied, ...o };
}
