/**
 * Core types of Marginalia. Pure data: no DOM, no storage, no editor.
 *
 * Offsets are always **Unicode code points** into a document's `plainText`, as the W3C Web
 * Annotation model requires (never UTF-16 units). Only the editor layer converts to
 * ProseMirror positions, through an `OffsetMap`.
 */

/**
 * A format id from the format registry (`src/lib/formats/registry.ts`): 'text', 'markdown',
 * 'html', 'docx', 'epub', 'pdf', … The set is open: adding a format is one module plus one
 * registry line, and the model never lists the ids. What the model needs to know is only how
 * the stored source is read (`sourceKind` in ./blocks): 'text' and 'markdown' store the text
 * itself; every other format stores its extracted canonical document as block JSON.
 */
export type DocFormat = string;

/** A document in the library (metadata only; the text is stored apart so listing stays cheap). */
export interface DocumentMeta {
  /** `urn:uuid:…`, stable for the life of the document. */
  id: string;
  title: string;
  format: DocFormat;
  /** Original file name, when opened from a file. */
  fileName?: string;
  /** Size in bytes of the normalised source text, UTF-8 encoded. */
  size: number;
  /** SHA-256 (lowercase hex) of the normalised source text. */
  contentHash: string;
  /** ISO 8601 with time zone. */
  created: string;
  /** Last time the reader opened it; the library sorts by this, most recent first. */
  opened: string;
  annotationCount: number;
  /** Set when the document is (or came from) a reading packet. */
  packet?: PacketInfo;
  /** The file the text was extracted from, when it was not itself text (PDF, DOCX, …). Its
   * bytes are kept in the `originals` store so the reader can download it. */
  original?: OriginalInfo;
  /** What the converter left out (comments, scripts, …), one short phrase each; shown as one
   * line above the text. */
  leftOut?: string[];
  /** Identifiers of the original file that survive a re-save (a PDF's pdf.js fingerprints, the
   * permanent one first): the same file opened again is found by them (`model/identity.ts`). */
  fingerprints?: string[];
  /** The current version of the text: 1 (or absent) until the reader saves an edit; older
   * versions are `TextVersion` records. */
  version?: number;
  /** Storage's own bookkeeping (schema version 5): the version of the text the stored
   * annotation pages still count in, when a saved edit left them to be carried on read
   * (storage/stale-pages.ts). Never set on what reads return to the app's exports. */
  pagesAt?: number;
  /** Storage's own bookkeeping (schema version 6): a token every write of the document's
   * annotation pages replaces in the same transaction (storage/page-revision.ts), so that a
   * drawing record computed from older pages is never used. Never compared by the app. */
  pagesRev?: string;
}

/**
 * The position map of a text edit, in code points, serializable as JSON: a list of steps, each
 * a flat list of triples `start, oldSize, newSize` in the text before that step (ascending, not
 * overlapping), exactly like a ProseMirror StepMap. See model/text-edit.ts.
 */
export type EditMap = number[][];

/**
 * A saved version of a document's text (issue 16). Every version's whole source is kept, and
 * from version 2 on the edit's position map from the version before, so that work made on an
 * older version can be carried to the current one through the maps.
 */
export interface TextVersion {
  docId: string;
  /** 1, 2, …; version 1 is the text as first opened. */
  n: number;
  /** ISO 8601: when it was saved. */
  created: string;
  /** SHA-256 (lowercase hex) of `source`. */
  contentHash: string;
  source: string;
  /** Code-point map from version n − 1 to this one (absent for version 1). */
  map?: EditMap;
  /** For a version made by restoring an older one: that version's number. */
  restoredFrom?: number;
}

/** The original file of an extracted document. */
export interface OriginalInfo {
  name: string;
  /** MIME type as the browser gave it or as the format names it. */
  type: string;
  size: number;
  /** SHA-256 (lowercase hex) of the original bytes: the same file opened again is found by it. */
  hash: string;
}

/**
 * A reading packet: a document handed out by a teacher with its tag set, prompts and
 * instructions (docs/w3c-extension.md). `id` stays the same across revisions of one packet;
 * `revision` grows by one each time the teacher creates it again.
 */
export interface PacketInfo {
  id: string;
  revision: number;
  /** ISO 8601: when this revision was created. */
  issued: string;
  /** The teacher's name (creator of the prompts). */
  author: string;
  /** Plain text; may be empty. */
  instructions: string;
  /** Due date as YYYY-MM-DD, when given. */
  due?: string;
  /** 'teacher' on the document the packet was made from, 'student' on a copy opened from a packet. */
  role: 'teacher' | 'student';
  /** On a student's copy: ids of the tags that came from the packet, so that a later revision
   * can tell them from the student's own tags (which it never removes). */
  tagIds?: string[];
}

/** The text of a document: the normalised source (LF line endings, no BOM). */
export interface DocumentText {
  id: string;
  source: string;
  /** The original file's bytes, for documents extracted from another format (see
   * `DocumentMeta.original`). Optional, so no schema step was needed; backups leave it out. */
  original?: Blob;
}

/**
 * Inline content of a textblock. `hardBreak` counts as exactly one code point ('\n') of plain text.
 * Marks: `image` shows an image's placeholder (its alt text, or "[image]"); `sup`/`sub` are
 * superscript/subscript. A run with `href` is a link (http(s)/mailto only; it opens in a new tab
 * and never navigates the app). A run with `noteRef` is a footnote marker pointing at the `note`
 * block with that id. All of them are ordinary displayed characters of plain text.
 */
export type InlineMark = 'bold' | 'italic' | 'code' | 'image' | 'sup' | 'sub';
export type Inline =
  | { type: 'text'; text: string; marks?: InlineMark[]; href?: string; noteRef?: string }
  | { type: 'hardBreak' };

/**
 * A block of the rendered document. Textblocks (`paragraph`, `heading`) carry `start`/`end`:
 * the code-point range of `plainText` that they display. Invariant: the displayed characters of a
 * textblock (text runs + one per hardBreak) correspond one-to-one, in order, to the code points of
 * `plainText.slice(start, end)`; a displayed character may differ from its source character only
 * where a hard-wrapped line break of plain text is shown as a space (reflow).
 */
export type Block =
  | { type: 'paragraph'; content: Inline[]; start: number; end: number }
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; content: Inline[]; start: number; end: number }
  | { type: 'blockquote'; children: Block[] }
  | { type: 'bulletList'; items: Block[][] }
  | { type: 'orderedList'; start: number; items: Block[][] }
  /** A footnote or endnote; `label` ("1", "*") is shown beside it but is not plain text. */
  | { type: 'note'; id: string; label: string; content: Inline[]; start: number; end: number }
  /** A simple table: rows of cells, each cell a list of blocks (usually one paragraph). */
  | { type: 'table'; rows: Block[][][] }
  /**
   * Markers: no plain text of their own. `pageBreak` starts physical page `page` (1-based) whose
   * printed label is `label` ("xii", "12"); `chapter` starts a chapter (an EPUB spine item).
   */
  | { type: 'pageBreak'; page: number; label: string }
  | { type: 'chapter'; title: string; href?: string };

export type TextBlock = Extract<Block, { type: 'paragraph' | 'heading' | 'note' }>;

/** A document parsed for display. */
export interface ParsedDocument {
  /**
   * The text selectors are computed against. For plain text: the normalised source itself.
   * For Markdown: the text as shown, textblocks separated by a blank line ("\n\n").
   */
  plainText: string;
  blocks: Block[];
  /** Page starts (PDF) in order, with the code-point offset where each page's text begins. */
  pages?: { offset: number; page: number; label: string }[];
  /** Chapter starts (EPUB) in order, with the offset where each chapter's text begins. */
  chapters?: { offset: number; title: string; href?: string }[];
}

// ---------------------------------------------------------------------------------------------
// Annotations

export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  /** Code points, inclusive. */
  start: number;
  /** Code points, exclusive. */
  end: number;
}

export interface AnnotationTarget {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
}

export interface Annotation {
  /** `urn:uuid:…` */
  id: string;
  docId: string;
  target: AnnotationTarget;
  /** Tag ids of the document's tag set, in the order the reader added them. */
  tags: string[];
  /** Plain text with line breaks; never interpreted as HTML. */
  note: string;
  /** Palette colour key for a plain highlight (no tags); tags bring their own colours. */
  color?: PaletteColor;
  /** Display name of the reader who made it. */
  creator: string;
  /** ISO 8601 with time zone. */
  created: string;
  modified: string;
  /** When this annotation replies to another (e.g. a teacher's prompt): the other's id. */
  replyTo?: string;
  /** A teacher prompt shipped in a reading packet. */
  prompt?: boolean;
  /** Set when a text edit touched this annotation's passage; kept until the reader reviews it
   * (then `reviewed`). A lost one stays unplaced: its old target is kept, never searched for. */
  edit?: AnnotationEdit;
}

/** What a saved text edit did to an annotation (see model/text-edit.ts). */
export interface AnnotationEdit {
  outcome: 'changed' | 'adjusted' | 'lost';
  /** The passage's text before the edit. */
  oldQuote: string;
  /** The version the edit made. */
  version: number;
  /** The reader accepted the outcome: no longer listed for review. */
  reviewed?: boolean;
}

/** The result of placing an annotation on the current text. */
export type AnchorStatus = 'exact' | 'fuzzy' | 'orphan';
export type Anchor =
  | { status: 'exact' | 'fuzzy'; start: number; end: number }
  | { status: 'orphan'; start?: undefined; end?: undefined };

// ---------------------------------------------------------------------------------------------
// Tags

/** Palette keys. CSS maps each to a light and a dark theme colour (see src/app.css). */
export const PALETTE = [
  'yellow',
  'blue',
  'green',
  'pink',
  'purple',
  'orange',
  'teal',
  'gray',
] as const;
export type PaletteColor = (typeof PALETTE)[number];

/** Whether `v` is one of the palette's keys (a colour read from a file may be anything). */
export const isColor = (v: unknown): v is PaletteColor =>
  typeof v === 'string' && (PALETTE as readonly string[]).includes(v);

export interface Tag {
  /** Stable id within the document's tag set (`tag-…`). */
  id: string;
  name: string;
  color: PaletteColor;
  /** One line, shown as tooltip. */
  definition?: string;
}

/** A document's tag set (codebook). Order is the reader's order; number keys 1–9 follow it. */
export interface TagSet {
  docId: string;
  tags: Tag[];
}

/** Injected clock and id generator, so tests are deterministic. */
export interface Env {
  now: () => Date;
  uuid: () => string;
}

export const defaultEnv: Env = {
  now: () => new Date(),
  uuid: () => globalThis.crypto.randomUUID(),
};

/** Result of an expected failure (bad file, bad import): never thrown. Defined in result.ts. */
export type { Result } from './result';
