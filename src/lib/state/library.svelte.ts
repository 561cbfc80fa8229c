import type { DocFormat, DocumentMeta, Env, Result } from '../model/types';
import { checkFileSize, decodeTextFile, normalizeText } from '../model/decode';
import { deriveTitle } from '../model/title';
import { sha256Hex } from '../model/hash';
import { defaultTags } from '../model/tags';
import type { LibraryStore } from '../storage/library-store';
import type { Notices } from './notices.svelte';
import { describeStorageError } from './errors';

export interface PendingText {
  source: string;
  format: DocFormat;
  fileName?: string;
  hash: string;
}

/** A file whose text is already in the library: the reader chooses what to do. */
export interface DuplicatePrompt {
  existing: DocumentMeta;
  pending: PendingText;
}

/**
 * The library of stored documents: adding texts (files, paste), renaming, deleting.
 * Bad input never reaches storage: it is reported in an alert naming the file and the problem.
 */
export class LibraryState {
  documents = $state.raw<DocumentMeta[]>([]);
  duplicate = $state.raw<DuplicatePrompt | null>(null);

  constructor(
    private store: LibraryStore,
    private notices: Notices,
    private env: Env,
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

  /** Reads and checks a file. Returns the text to add, or an error naming the file. */
  async readFile(file: File): Promise<Result<PendingText>> {
    const size = checkFileSize(file.name, file.size);
    if (!size.ok) return size;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch {
      return {
        ok: false,
        error: `“${file.name}” could not be read. It may have been moved or deleted; choose it again.`,
      };
    }
    const decoded = decodeTextFile(file.name, bytes);
    if (!decoded.ok) return decoded;
    return {
      ok: true,
      value: {
        source: decoded.value.text,
        format: decoded.value.format,
        fileName: file.name,
        hash: await sha256Hex(decoded.value.text),
      },
    };
  }

  async pendingFromPaste(text: string): Promise<Result<PendingText>> {
    const source = normalizeText(text);
    if (!source.trim())
      return { ok: false, error: 'The pasted text is empty: there is nothing to read.' };
    if (source.includes('\u0000'))
      return {
        ok: false,
        error: 'The pasted text contains NUL characters, so it looks like binary data, not text.',
      };
    const format: DocFormat =
      /^(#{1,6} |[-*] |> )/m.test(source) && /^#{1,6} /m.test(source) ? 'markdown' : 'text';
    return { ok: true, value: { source, format, hash: await sha256Hex(source) } };
  }

  /** Adds a text unless the same text is stored already, in which case the reader is asked.
   * Returns the id of the document to open, or null (error shown, or waiting on the prompt). */
  async add(pending: PendingText, opts: { allowDuplicate?: boolean } = {}): Promise<string | null> {
    if (!opts.allowDuplicate) {
      const existing = await this.store.findByHash(pending.hash);
      if (existing) {
        this.duplicate = { existing, pending };
        return null;
      }
    }
    const now = this.env.now().toISOString();
    const id = `urn:uuid:${this.env.uuid()}`;
    const meta: DocumentMeta = {
      id,
      title: deriveTitle(pending.source, pending.format, pending.fileName),
      format: pending.format,
      ...(pending.fileName ? { fileName: pending.fileName } : {}),
      size: new TextEncoder().encode(pending.source).length,
      contentHash: pending.hash,
      created: now,
      opened: now,
      annotationCount: 0,
    };
    try {
      await this.store.addDocument(
        meta,
        { id, source: pending.source },
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
      last = (await this.add(read.value)) ?? last;
    }
    return last;
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
