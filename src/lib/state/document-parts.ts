import type { Anchor, Annotation, DocumentMeta } from '../model/types';
import { anchor } from '../model/anchor';
import { utf8Length, type TextIndex } from '../model/text-index';
import type { AnnotationChange, LibraryStore, Revised } from '../storage/library-store';
import type { ChangeMessage } from '../storage/change-feed';

/** The open document's hooks and small shared types (OpenDocument is in document.svelte.ts). */

/** Told about the open document's life; passed to the constructor. */
export interface DocumentHooks {
  /** A document was opened (state is already set); the view should draw it afresh. */
  opened?: () => void;
  /** The opened document's annotations are all read and anchored (after `opened`; later when
   * its first screens were drawn from its drawing record). `redraw`: the highlights drawn from
   * the record may differ from them (the pages changed meanwhile), draw them again. */
  filled?: (redraw: boolean) => void;
  /** Resolves once the opened document's text is painted (a reload drawn from the drawing
   * record reads the pages after it); without it, after the next frame. */
  painted?: () => Promise<void>;
  /** The annotations of a document shown from its drawing record could not be read. */
  loadFailed?: (err: unknown) => void;
  /** A batch was applied to state (once per batch, after state is updated). */
  applied?: (change: AnnotationChange) => void;
  /** This tab's own write committed, touching `count` annotations. */
  committed?: (count: number) => void;
  /** A batch made here (an edit, undo, an import, a packet update or a restored backup; not one
   * received from a live class) committed: the live class mirrors it out. Called after
   * `applied`. */
  localCommitted?: (docId: string, change: AnnotationChange) => void;
}

/** The pages' new revisions a write returned (`LibraryStore.applyChanges`), checked. A wrapper
 * of that method (a test's or the bench's timing) that drops its result would leave the drawing
 * record without the revision it chains from (`RecordKeeper.written`), failing later and far
 * from the cause: a programmer error, so it throws here, naming it. */
export function revisionsOf(revised: readonly Revised[] | undefined): readonly Revised[] {
  if (!Array.isArray(revised))
    throw new Error('applyChanges returned no revisions: a wrapper dropped its result');
  return revised;
}

/** Where a committed batch came from: this reader, or a live class (never mirrored back). */
export type ChangeOrigin = 'local' | 'live';

/** A placed annotation with its range in code points. */
export interface Placed {
  a: Annotation;
  start: number;
  end: number;
}

/** `prev` when `next` holds the same items in the same order, else `next`. */
export function sameOrNew<T>(prev: T[], next: T[]): T[] {
  return prev.length === next.length && prev.every((x, i) => x === next[i]) ? prev : next;
}

/** `handle` run on each call's argument one after another, in call order; each call resolves
 * or rejects with its own run, and a rejected run does not stop the next. */
export function serially<T>(handle: (x: T) => Promise<void>): (x: T) => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return (x) => {
    const run = last.then(() => handle(x));
    last = run.catch(() => undefined);
    return run;
  };
}

/** Batches putting more than this many annotations are anchored in steps (`anchorInSteps`). */
export const STEP_AT = 200;
/** Time one step may take before it yields to the page (a frame's worth). */
const STEP_MS = 12;

/** Yields to the page: other tasks (input, frames) run before the next step. */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** `each` over `list` in tasks of about STEP_MS, so that no task is long; results in order. */
export async function anchorInSteps<T, R>(list: readonly T[], each: (x: T) => R): Promise<R[]> {
  const out: R[] = new Array(list.length);
  let i = 0;
  while (i < list.length) {
    const t0 = performance.now();
    do out[i] = each(list[i]);
    while (++i < list.length && performance.now() - t0 < STEP_MS);
    if (i < list.length) await nextTask();
  }
  return out;
}

/** The open document's meta after a batch (`count`: its annotations after it). */
export function nextMeta(
  meta: DocumentMeta,
  change: AnnotationChange,
  count: number,
): DocumentMeta {
  const next: DocumentMeta = { ...meta, annotationCount: count };
  if (change.packet === null) delete next.packet;
  else if (change.packet) next.packet = change.packet;
  if (change.text) {
    const v = change.text.version;
    next.version = v.n;
    next.contentHash = v.contentHash;
    next.size = utf8Length(v.source);
  }
  return next;
}

/**
 * What another tab's change message means for the open document `id`: the batch to apply
 * (reading only the records it names; one named as put but no longer stored was deleted since,
 * and is deleted here too), 'reopen' for a new text version, or null when it does not concern
 * it.
 */
export async function readMessage(
  store: LibraryStore,
  id: string,
  msg: ChangeMessage,
): Promise<AnnotationChange | 'reopen' | null> {
  if (msg.kind === 'documents' || msg.docId !== id) return null;
  if (msg.kind === 'text') return 'reopen';
  if (msg.kind === 'tags') {
    const tagSet = await store.getTagSet(id);
    return tagSet ? { tagSet } : null;
  }
  if (!msg.put.length && !msg.deleted.length) return null;
  const found = await store.getAnnotations(id, msg.put);
  const put = found.filter((a): a is Annotation => a?.docId === id);
  const gone = msg.put.filter((_, i) => found[i]?.docId !== id);
  return { put, delete: [...msg.deleted, ...gone] };
}

/** The batch a commit applies to state: a text edit's `carried` annotations (not written:
 * storage carries its pages on read, storage/stale-pages.ts) are put like any other. */
export function appliedOf(change: AnnotationChange): AnnotationChange {
  const carried = change.text?.carried;
  return carried ? { ...change, put: [...(change.put ?? []), ...carried] } : change;
}

export const ORPHAN: Anchor = { status: 'orphan' };

/** Where `a` is on the text of `index`. An annotation whose passage a text edit deleted is kept
 * unplaced, never searched for. */
export function anchorOf(index: TextIndex | null, a: Annotation): Anchor {
  return a.edit?.outcome === 'lost' || !index ? ORPHAN : anchor(index, a.target);
}

/** Runs jobs one at a time in the order given (`later`); `idle` when none runs or waits. */
export class BatchQueue {
  #chain: Promise<void> = Promise.resolve();
  #waiting = 0;

  get idle(): boolean {
    return this.#waiting === 0;
  }

  /** Resolves once every job given so far has run. */
  settled(): Promise<void> {
    return this.#chain;
  }

  /** Resolves once every job given so far that changes state (`later`, not `hold`) has run:
   * see `OpenDocument.whenInState`. */
  inState(): Promise<void> {
    return this.#inState;
  }
  #inState: Promise<void> = Promise.resolve();

  /** Runs `job`, which changes state, after every job given before it; resolves or rejects as
   * it does. */
  later(job: () => Promise<void>): Promise<void> {
    const run = this.#queue(job);
    this.#inState = run.catch(() => undefined);
    return run;
  }

  /** Makes the jobs given after this wait for `p` too (a write that must end before them),
   * without counting as a change of state (`inState` does not wait for it). */
  hold(p: Promise<unknown>): void {
    void this.#queue(() => p.then(() => undefined)).catch(() => undefined);
  }

  #queue(job: () => Promise<void>): Promise<void> {
    this.#waiting++;
    const run = this.#chain.then(job);
    this.#chain = run.catch(() => undefined).finally(() => this.#waiting--);
    return run;
  }
}

/**
 * Applies a large batch (`OpenDocument.apply`): anchored in steps on the text of `index()`,
 * then applied in parts (`applyInParts`); a batch that brings a text (a save, whose `index()`
 * is already the new text's) is applied at once, with those anchors; if the text changed while
 * anchoring (another save), anchored again on it first. Nothing when `current()` turns false.
 */
export async function applyLarge(
  change: AnnotationChange,
  put: Annotation[],
  doc: {
    index: () => TextIndex | null;
    current: () => boolean;
    applyNow: (step: AnnotationChange, put: Annotation[], anchors: Anchor[]) => void;
  },
): Promise<void> {
  const index = doc.index();
  const anchors = await anchorInSteps(put, (a) => anchorOf(index, a));
  performance.mark('mg:batch:anchored');
  if (!doc.current()) return;
  const now = doc.index();
  // Anchoring again on an unchanged text would give the same anchors, in one long task (the
  // text's first screens are drawn in that task too).
  if (index !== now)
    doc.applyNow(
      change,
      put,
      put.map((a) => anchorOf(now, a)),
    );
  else if (change.text) doc.applyNow(change, put, anchors);
  else await applyInParts(change, put, anchors, doc.applyNow, doc.current);
  performance.mark('mg:batch:applied');
}

/**
 * Applies a large batch as consecutive parts of ~8 ms, deletions first, through `applyNow`;
 * each part is a batch of its own (state, indexes and drawing agree after each), the first
 * carries the tag set and packet record. Stops when `current()` turns false (another
 * document opened meanwhile).
 */
export async function applyInParts(
  change: AnnotationChange,
  put: Annotation[],
  anchors: Anchor[],
  applyNow: (step: AnnotationChange, put: Annotation[], anchors: Anchor[]) => void,
  current: () => boolean,
): Promise<void> {
  const putIds = new Set(put.map((a) => a.id));
  const del = (change.delete ?? []).filter((x) => !putIds.has(x));
  let [i, j, size, first] = [0, 0, 200, true];
  while (first || i < del.length || j < put.length) {
    const t0 = performance.now();
    const d = del.slice(i, (i += size));
    const p = put.slice(j, j + size - d.length);
    applyNow({ ...(first ? change : {}), put: p, delete: d }, p, anchors.slice(j, (j += p.length)));
    first = false;
    const ms = Math.max(0.5, performance.now() - t0);
    size = Math.round(Math.min(2000, Math.max(50, (size * 8) / ms)));
    if (i >= del.length && j >= put.length) return;
    await nextTask();
    if (!current()) return;
  }
}
