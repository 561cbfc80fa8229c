import type { DocFormat, DocumentMeta, Env, OriginalInfo, Result } from '../model/types';
import { fail, ok } from '../model/result';
import { checkFileSize, normalizeText } from '../model/decode';
import { extractFile } from '../formats/registry';
import { serializeBlocks } from '../model/blocks';
import { deriveTitle } from '../model/title';
import { sha256Hex } from '../model/hash';
import { defaultTags } from '../model/tags';
import { findSameFile, type SameReason } from '../model/identity';
import type { LibraryStore } from '../storage/library-store';
import type { Notices } from './notices.svelte';
import { describeStorageError } from '../storage/errors';
import { FileOpening } from './file-opening.svelte';

/** `readFile`'s answer when the reader cancelled opening the file. */
export const CANCELLED = 'cancelled';

export interface PendingText {
  source: string;
  format: DocFormat;
  fileName?: string;
  hash: string;
  /** The document's own title, when its format names one (HTML <title>, …). */
  title?: string;
  leftOut?: string[];
  /** The original file, for formats that are not text. */
  original?: { info: OriginalInfo; blob: Blob };
  /** The file's own identifiers (a PDF's fingerprints), stored with the document. */
  fingerprints?: string[];
}

/** A file already in the library (the same text, or the same file: `SameReason`): the reader
 * chooses what to do. */
export interface DuplicatePrompt {
  existing: DocumentMeta;
  pending: PendingText;
  reason: SameReason;
}

/**
 * The library of stored documents: adding texts (files, paste), renaming, deleting.
 * Bad input never reaches storage: it is reported in an alert naming the file and the problem.
 */
export class LibraryState {
  documents = $state.raw<DocumentMeta[]>([]);
  duplicate = $state.raw<DuplicatePrompt | null>(null);
  /** Web pages: only the main article (Readability), or the whole page. */
  htmlMode = $state<'article' | 'page'>('article');

  constructor(
    private store: LibraryStore,
    private notices: Notices,
    private env: Env,
    /** The file being opened: progress, preview, password, Cancel. */
    readonly opening: FileOpening = new FileOpening(),
  ) {}

  /** Closes the duplicate prompt; returns what it was asking about (null: nothing). */
  takeDuplicate(): DuplicatePrompt | null {
    const dup = this.duplicate;
    this.duplicate = null;
    return dup;
  }

  async refresh(): Promise<void> {
    this.documents = await this.store.listDocuments();
  }

  /** Reads and checks a file. Returns the text to add, `CANCELLED` when the reader cancelled
   * opening it (see `opening`), or an error naming the file. */
  async readFile(file: File): Promise<Result<PendingText | typeof CANCELLED>> {
    const size = checkFileSize(file.name, file.size);
    if (!size.ok) return size;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch {
      return fail(
        `“${file.name}” could not be read. It may have been moved or deleted; choose it again.`,
      );
    }
    const hooks = this.opening.begin(file.name);
    const out = await extractFile(file.name, file.type, bytes, {
      htmlMode: this.htmlMode,
      ...hooks,
    });
    if (this.opening.end(hooks)) return ok(CANCELLED);
    if (!out.ok) return out;
    const { format, extracted: x } = out.value;
    const source = x.kind === 'text' ? x.text : serializeBlocks(x.blocks);
    const pending: PendingText = {
      source,
      format: format.id,
      fileName: file.name,
      hash: await sha256Hex(source),
      ...(x.title ? { title: x.title } : {}),
      ...(x.leftOut.length ? { leftOut: x.leftOut } : {}),
      ...(x.kind === 'blocks' && x.fingerprints ? { fingerprints: x.fingerprints } : {}),
    };
    if (x.kind === 'blocks') {
      const type = file.type || format.mime;
      pending.original = {
        blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type }),
        info: { name: file.name, type, size: bytes.length, hash: await bytesHash(bytes) },
      };
    }
    return ok(pending);
  }

  /** Pasted text; when the clipboard also held HTML (from a web page or a word processor), that
   * HTML is kept as a web page (headings, lists and emphasis survive, nothing runs). */
  async pendingFromPaste(text: string, html?: string): Promise<Result<PendingText>> {
    if (html && /\S/.test(html)) {
      const out = await extractFile('pasted.html', 'text/html', new TextEncoder().encode(html), {
        htmlMode: 'page',
      });
      if (out.ok && out.value.extracted.kind === 'blocks') {
        const source = serializeBlocks(out.value.extracted.blocks);
        return { ok: true, value: { source, format: 'html', hash: await sha256Hex(source) } };
      }
    }
    const source = normalizeText(text);
    if (!source.trim()) return fail('The pasted text is empty: there is nothing to read.');
    if (source.includes('\u0000'))
      return fail(
        'The pasted text contains NUL characters, so it looks like binary data, not text.',
      );
    const format: DocFormat =
      /^(#{1,6} |[-*] |> )/m.test(source) && /^#{1,6} /m.test(source) ? 'markdown' : 'text';
    return ok({ source, format, hash: await sha256Hex(source) });
  }

  /** Adds a text unless the same text is stored already, in which case the reader is asked.
   * Returns the id of the document to open, or null (error shown, or waiting on the prompt). */
  async add(pending: PendingText, opts: { allowDuplicate?: boolean } = {}): Promise<string | null> {
    if (!opts.allowDuplicate) {
      const existing = await this.store.findByHash(pending.hash);
      const same = existing
        ? { meta: existing, reason: 'text' as const }
        : pending.original &&
          findSameFile(await this.store.listDocuments(), {
            bytesHash: pending.original?.info.hash,
            fingerprints: pending.fingerprints,
          });
      if (same) {
        this.duplicate = { existing: same.meta, pending, reason: same.reason };
        return null;
      }
    }
    const now = this.env.now().toISOString();
    const id = `urn:uuid:${this.env.uuid()}`;
    const meta: DocumentMeta = {
      id,
      title:
        pending.title?.slice(0, 300) ||
        deriveTitle(pending.source, pending.format, pending.fileName),
      format: pending.format,
      ...(pending.fileName ? { fileName: pending.fileName } : {}),
      ...(pending.original ? { original: pending.original.info } : {}),
      ...(pending.leftOut ? { leftOut: pending.leftOut } : {}),
      ...(pending.fingerprints ? { fingerprints: pending.fingerprints } : {}),
      size: new TextEncoder().encode(pending.source).length,
      contentHash: pending.hash,
      created: now,
      opened: now,
      annotationCount: 0,
    };
    try {
      await this.store.addDocument(
        meta,
        {
          id,
          source: pending.source,
          ...(pending.original ? { original: pending.original.blob } : {}),
        },
        { docId: id, tags: defaultTags(this.env) },
      );
    } catch (err) {
      this.notices.error(describeStorageError(err));
      return null;
    }
    await this.refresh();
    this.notices.announce(`Opened “${meta.title}”.`);
    return id;
  }

  /** Opens files picked or dropped. Returns the id of the last document added. */
  async addFiles(files: readonly File[]): Promise<string | null> {
    let last: string | null = null;
    for (const file of files) {
      const read = await this.readFile(file);
      if (!read.ok) {
        this.notices.error(read.error);
        continue;
      }
      if (read.value === CANCELLED) {
        this.notices.announce(`Opening “${file.name}” was cancelled; your library is unchanged.`);
        break;
      }
      last = (await this.add(read.value)) ?? last;
    }
    return last;
  }

  /** The original file of an extracted document, for download; null when none is kept. */
  async original(id: string): Promise<File | null> {
    const meta = this.documents.find((d) => d.id === id);
    const text = await this.store.getText(id);
    if (!meta?.original || !text?.original) return null;
    return new File([text.original], meta.original.name, { type: meta.original.type });
  }

  async rename(id: string, title: string): Promise<string | null> {
    const t = title.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
    if (!t) return 'A title cannot be empty.';
    if (t.length > 300) return 'A title can have at most 300 characters.';
    try {
      await this.store.updateDocument(id, { title: t });
    } catch (err) {
      return describeStorageError(err);
    }
    await this.refresh();
    return null;
  }

  async touch(id: string): Promise<void> {
    await this.store.updateDocument(id, { opened: this.env.now().toISOString() });
    await this.refresh();
  }

  async remove(id: string): Promise<boolean> {
    try {
      await this.store.deleteDocument(id);
    } catch (err) {
      this.notices.error(describeStorageError(err));
      return false;
    }
    await this.refresh();
    return true;
  }
}

async function bytesHash(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
