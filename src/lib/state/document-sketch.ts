import type { Anchor, Annotation, DocumentMeta } from '../model/types';
import { noteGist } from '../model/annotation';
import { anchorAll } from '../model/anchor';
import type { TextIndex } from '../model/text-index';
import type { LibraryStore } from '../storage/library-store';
import {
  fresh,
  packDrawRecord,
  unpackDrawRecord,
  type DrawEntry,
  type DrawRecord,
  type DrawStamp,
} from '../storage/draw-record';
import type { Placed } from './document-parts';

export type { DrawEntry, DrawStamp } from '../storage/draw-record';

/**
 * The open document drawn from its drawing record before its annotations are read (schema
 * version 6, storage/draw-record.ts): on a reload, the record (~1 MB for 10,000 annotations) is
 * read with the text and the first screens' highlights are drawn from it; the pages (~10 MB) are
 * read after that first paint. Until then the document is `loading` and what needs the
 * annotations waits (OpenDocument).
 */

/** The record's entries when it is fresh for `meta`; null when it is missing, stale or damaged
 * (never an error: the document is then read the full way). */
export function sketchOf(meta: DocumentMeta, record: DrawRecord | undefined): DrawEntry[] | null {
  if (!fresh(record, meta)) return null;
  try {
    return unpackDrawRecord(record!);
  } catch {
    return null;
  }
}

/**
 * The anchors of `annotations` (just read from pages stamped `read`) as the record placed them:
 * the record lists every placed annotation of the same pages and text, so one it does not list
 * is unplaced. Null when the pages read are not the ones the record was made from (another tab
 * wrote since): they are then anchored afresh.
 */
export function anchorsFromSketch(
  annotations: readonly Annotation[],
  entries: readonly DrawEntry[],
  drawn: DrawStamp,
  read: DrawStamp | undefined,
): Anchor[] | null {
  if (!read || read.rev !== drawn.rev || read.version !== drawn.version) return null;
  const byId = new Map(entries.map((e) => [e.id, e]));
  return annotations.map((a) => {
    const e = byId.get(a.id);
    return e && a.edit?.outcome !== 'lost'
      ? { status: e.fuzzy ? 'fuzzy' : 'exact', start: e.start, end: e.end }
      : { status: 'orphan' };
  });
}

/**
 * What a highlight's look reads of an annotation (tags, note, colour, creator, prompt, reply:
 * `highlightClass`, `highlightTitle`, `highlightDescription`, the class view's badges, the
 * layers), made from a record's entry; its note is the gist, which gives the same look. Not an
 * annotation to list, edit or store: nothing but a look and a layer test is asked of it.
 */
export function sketchAnnotation(e: DrawEntry, docId: string): Annotation {
  return {
    id: e.id,
    docId,
    target: { source: '', quote: { exact: '' } } as unknown as Annotation['target'],
    tags: [...e.tags],
    note: e.note,
    ...(e.color ? { color: e.color as Annotation['color'] } : {}),
    creator: e.creator,
    created: '',
    modified: '',
    ...(e.prompt ? { prompt: true } : {}),
    ...(e.reply ? { replyTo: '?' } : {}),
  };
}

/** Every annotation anchored on `index` (the full way, without a record); one whose passage a
 * text edit deleted stays unplaced. */
export function anchorEvery(index: TextIndex, annotations: readonly Annotation[]): Anchor[] {
  const anchors = anchorAll(
    index,
    annotations.map((a) => a.target),
  );
  return annotations.map((a, i) =>
    a.edit?.outcome === 'lost' ? { status: 'orphan' } : anchors[i],
  );
}

/** The record of the open document's placed annotations (text order), stamped `stamp`: `ix`
 * holds them all (`byId`), placed (`placed`, text order) and their anchors. */
export function recordOf(
  docId: string,
  stamp: DrawStamp,
  ix: {
    byId: ReadonlyMap<string, unknown>;
    placed: Iterable<Placed>;
    anchors: ReadonlyMap<string, Anchor>;
  },
): DrawRecord {
  const { placed, anchors } = ix;
  const entries: DrawEntry[] = [];
  for (const { a, start, end } of placed)
    entries.push({
      id: a.id,
      start,
      end,
      fuzzy: anchors.get(a.id)?.status === 'fuzzy',
      creator: a.creator,
      tags: a.tags,
      ...(a.color ? { color: a.color } : {}),
      note: noteGist(a.note),
      prompt: !!a.prompt,
      reply: !!a.replyTo,
    });
  return packDrawRecord(docId, stamp, ix.byId.size, entries);
}

/**
 * Writes the open document's record once the page is idle (off the first paint's path). `build`
 * gives it from the state at that time, or null when the document was closed meanwhile; storage
 * refuses it if the pages or text changed since `stamp` was read. A failure is never the
 * reader's concern: the next reload reads the full way and tries again.
 */
export function keepRecordLater(store: LibraryStore, build: () => DrawRecord | null): void {
  const run = () => {
    try {
      const record = build();
      if (record) void store.putDrawRecord(record).catch(() => undefined);
    } catch {
      /* the next reload reads the full way */
    }
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 5000 });
  else setTimeout(run, 0);
}
