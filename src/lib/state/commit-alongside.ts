import type { Annotation } from '../model/types';
import type { AnnotationChange, LibraryStore } from '../storage/library-store';
import type { ChangeMessage } from '../storage/change-feed';
import { readMessage, type DocumentHooks } from './document-parts';

/**
 * A large batch (an import) written while it is applied (`OpenDocument.commitAlongside`). Why:
 * the write's IndexedDB commit and the page's anchoring, applying in parts and drawing are
 * separate work; one after the other, the reader waits for both. Contract, as for `commit`:
 * "saved" (this resolving, `hooks.committed`, the live class's `localCommitted`) means
 * committed; a write that fails or is cancelled leaves state as storage is (what the batch
 * touched is read back and applied: an exact rollback), and the error is thrown.
 */

/** What `commitAlongside` needs of the open document. */
export interface AlongsideDoc {
  store: LibraryStore;
  hooks: DocumentHooks;
  /** The open document's id (undefined when none is open). */
  openId: () => string | undefined;
  /** `OpenDocument.apply`. */
  apply: (change: AnnotationChange) => Promise<void>;
  /** Counts a write in flight (+1) or ended (-1): "Saving…". */
  saving: (delta: 1 | -1) => void;
  /** Makes later batches wait for `p` (so a batch given after this one is applied after its
   * write has ended, and `whenApplied`, which exports await, waits too; drawing beyond the
   * view awaits only `whenInState`). */
  hold: (p: Promise<unknown>) => void;
  /** The write committed: a write outside this tab's chain of applied writes (the drawing
   * record is not rewritten from the state; the next reload reads the pages: record-keeper.ts). */
  unchain: () => void;
}

export async function commitAlongside(
  doc: AlongsideDoc,
  change: AnnotationChange,
  write: () => Promise<unknown>,
  put?: Promise<void>,
): Promise<void> {
  const id = doc.openId();
  if (!id || change.text || change.packet !== undefined)
    throw new Error('commitAlongside: annotations and tags of an open document only');
  doc.saving(1);
  const writing = write();
  writing.catch(() => undefined);
  // The batch is applied once `put` resolves: the last page is put, from when IndexedDB commits
  // on its own. Each put is structured-cloned on the thread putting it (~0.4 s for 10,000
  // annotations); applying beside the puts slowed both, measured, in the page and beside the
  // import worker alike (state/import-write.ts).
  doc.hold(Promise.race([put ?? writing, writing]).catch(() => undefined));
  const applying = doc.apply(change);
  applying.catch(() => undefined);
  doc.hold(writing.catch(() => undefined));
  try {
    await writing;
    performance.mark('mg:batch:written');
    doc.unchain();
  } catch (err) {
    await applying.catch(() => undefined);
    const back = await restoreOf(doc.store, id, change).catch(() => null);
    if (back && doc.openId() === id) await doc.apply(back);
    throw err;
  } finally {
    doc.saving(-1);
  }
  doc.hooks.committed?.((change.put?.length ?? 0) + (change.delete?.length ?? 0));
  await applying;
  if (doc.openId() === id) doc.hooks.localCommitted?.(id, change);
}

/** The batch that makes state agree with storage again on what `change` touched (its write
 * failed after it was applied): each id put or deleted is read back and put if stored, else
 * deleted; the stored tag set too when the change set one. */
export async function restoreOf(
  store: LibraryStore,
  id: string,
  change: AnnotationChange,
): Promise<AnnotationChange> {
  const ids = (change.put ?? []).map((a: Annotation) => a.id).concat(change.delete ?? []);
  const put = [...new Set(ids)];
  const msg: ChangeMessage = { kind: 'annotations', docId: id, put, deleted: [], origin: '' };
  const [back, tagSet] = await Promise.all([
    readMessage(store, id, msg),
    change.tagSet ? store.getTagSet(id) : undefined,
  ]);
  // A document with no stored tag set shows none (`OpenDocument.open`).
  const tags = change.tagSet ? { tagSet: tagSet ?? { docId: id, tags: [] } } : {};
  return { ...(back === 'reopen' || !back ? {} : back), ...tags };
}
