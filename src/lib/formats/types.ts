import type { Result } from '../model/types';
import type { DraftBlock } from '../model/blocks';

/**
 * The format registry's contract. Each format is one module (`src/lib/formats/<id>.ts`) that
 * exports a `FormatModule`, plus one line in `registry.ts`. The module itself is tiny (ids,
 * extensions, a signature sniffer); the converter behind `load()` is a dynamic import, so its
 * code (and libraries such as pdf.js or mammoth) is fetched only when such a file is opened.
 *
 * Imports point one way: formats → model. A converter never touches storage or the editor.
 */

/** What a sniffer sees: the file name, the browser's MIME type ('' when unknown) and the bytes
 * of the file (all of them: files are size-checked, then read whole, before sniffing). */
export interface SniffInput {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/**
 * How sure a sniffer is that the file is its format:
 * - 'signature': the bytes prove it (`%PDF-`, a ZIP whose first entry is `mimetype` =
 *   `application/epub+zip`, a ZIP with `word/document.xml`, `<!DOCTYPE html`, …);
 * - 'extension': only the name or MIME type says so (a text format, or bytes too short to tell);
 * - null: not this format. A signature beats any extension, so a lying extension is caught.
 */
export type SniffResult = 'signature' | 'extension' | null;

/** Passed to a converter. */
export interface ExtractContext {
  fileName: string;
  /** Aborts a long extraction (Cancel, or a time limit). Converters check it between steps. */
  signal?: AbortSignal;
  /** Progress of a long extraction: pages of a PDF (the default unit), chapters of an EPUB. */
  onProgress?: (done: number, total: number, unit?: 'page' | 'chapter') => void;
  /** The blocks read so far, for a preview while a long file is still being read (a PDF: after
   * its first pages, then every few dozen pages). A preview only: never stored or annotated. */
  onPartial?: (blocks: DraftBlock[]) => void;
  /** Asks the reader for a password (encrypted PDF); `retry` is true after a wrong one. Resolves
   * null when the reader cancels. */
  askPassword?: (retry: boolean) => Promise<string | null>;
  /** For HTML: 'article' (Readability's main content, the default) or 'page' (everything). */
  htmlMode?: 'article' | 'page';
}

/** What a converter produced. */
export type Extracted =
  | {
      /** A text format: the normalised text itself is the stored source. */
      kind: 'text';
      text: string;
      title?: string;
      leftOut: string[];
    }
  | {
      /** Any other format: the block tree, stored as block JSON (model/blocks.ts). */
      kind: 'blocks';
      blocks: DraftBlock[];
      /** The document's own title (HTML `<title>`, DOCX/EPUB metadata, PDF Info), if any. */
      title?: string;
      /**
       * What was not kept, each a short phrase for one line shown to the reader: e.g.
       * "comments", "tracked changes", "3 embedded objects", "images (shown as their alt text)".
       */
      leftOut: string[];
      /** Identifiers the file carries that survive a re-save (a PDF's pdf.js fingerprints, from
       * its trailer /ID): the same file opened again is found by them even when its bytes, or
       * the text extracted from it, differ. */
      fingerprints?: string[];
    };

export type Converter = (bytes: Uint8Array, ctx: ExtractContext) => Promise<Result<Extracted>>;

export interface FormatModule {
  /** Stored in `DocumentMeta.format`; lowercase, never changed once released. */
  id: string;
  /** For messages: "PDF", "Word document", "EPUB book", "web page". */
  label: string;
  /** Lowercase, without dot: ['html', 'htm']. */
  extensions: string[];
  /** MIME type of the original file (for its download). */
  mime: string;
  sniff(input: SniffInput): SniffResult;
  /** Loads the converter (dynamic import). */
  load(): Promise<Converter>;
  /** Largest file accepted, in bytes (checked before the file is read). */
  maxBytes: number;
}
