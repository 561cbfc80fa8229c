import type {
  Annotation,
  DocumentMeta,
  DocumentText,
  PacketInfo,
  TagSet,
  TextVersion,
} from '../model/types';
import type { ChangeFeed } from './change-feed';

/** Shapes passed to and returned by LibraryStore (re-exported from library-store.ts). */

/** Everything stored for one document: what `deleteDocument` returns for undo and `exportAll` lists. */
export interface DocumentSnapshot {
  meta: DocumentMeta;
  text: DocumentText;
  tagSet: TagSet | undefined;
  annotations: Annotation[];
  /** Its saved text versions, oldest first (`exportAll`, and `deleteDocument` for undo; none
   * until the text is edited). */
  versions?: TextVersion[];
}

/** One user action on a document. Every annotation put must belong to the document, and so
 * must every id deleted; an id both put and deleted ends up put; the last put of an id wins. */
export interface AnnotationChange {
  put?: Annotation[];
  delete?: string[];
  tagSet?: TagSet;
  /** The document's reading-packet record: set (object) or removed (null), in the same
   * transaction, so a packet update changes tags, prompts and revision together or not at all. */
  packet?: PacketInfo | null;
  /** A new version of the text (a saved edit), written with the annotations it moved. */
  text?: TextChange;
}

/** A saved text edit (issue 16). */
export interface TextChange {
  /** The version the edit began from: the write is refused if the stored one differs. */
  base: number;
  /** The new version; its source becomes the document's text. Version 1 (the text as it was
   * first stored) is written with a document's first edit. */
  version: TextVersion;
  /**
   * The document's annotations as this edit carries them (a saved edit, `TextEdit`): applied
   * to the open document's state, never written. The stored pages are left counting in the
   * version the edit began from and every read carries them the same way until they are
   * rewritten (storage/stale-pages.ts), so that a save writes its text and no annotation page.
   * Absent: the edit's annotations, if any, are `put` and written with it (a packet revision).
   */
  carried?: Annotation[];
}

export interface ImportBatch {
  /** `versions`: the document's saved text versions (a restored backup), written as they are;
   * the last one must be `text`'s source. */
  documents?: {
    meta: DocumentMeta;
    text: DocumentText;
    tagSet: TagSet;
    versions?: TextVersion[];
  }[];
  annotations?: Annotation[];
  tagSets?: TagSet[];
}

export interface OpenOptions {
  /** Database name; tests pass a fresh one each. Default DB_NAME. */
  name?: string;
  /** Told about every committed write, for other tabs. */
  feed?: ChangeFeed;
  /** A newer version of the app in another tab needs the database: this connection is closed
   * already, and the page must ask the reader to reload. */
  onVersionChange?: () => void;
  /** Another tab holds an older version open; opening waits until it closes. The page should
   * ask the reader to close other Marginalia tabs. */
  onBlocked?: () => void;
}
