import type { DocumentMeta, DocumentText, Env, TextVersion } from '../model/types';
import type { ParsedImport } from '../model/w3c';
import type { BackupDocument } from '../model/backup';
import { parseDocument } from '../model/parse';
import { TextIndex } from '../model/text-index';
import { sha256Hex, sha256HexBytes } from '../model/hash';
import type { AnnotationChange, LibraryStore } from '../storage/library-store';
import type { OpenDocument } from './document.svelte';
import type { LibraryState } from './library.svelte';
import type { Notices } from './notices.svelte';
import { describeStorageError } from '../storage/errors';
import { checkedVersions } from './restore-versions';
import { carryFor } from './carry-versions';

/** A checked backup, restored by `run` once the reader confirms. */
export interface PendingBackup {
  kind: 'backup';
  fileName: string;
  documents: number;
  annotations: number;
  run: () => Promise<void>;
}

/**
 * Restoring a full backup: documents missing here are added whole; a document already here
 * receives, in the same transaction, the annotations it lacks or has older versions of. The
 * open document takes what was written to it as one change batch.
 */
export class BackupRestore {
  constructor(
    private store: LibraryStore,
    private doc: OpenDocument,
    private library: LibraryState,
    private notices: Notices,
    private env: Env,
  ) {}

  /** Reads a backup file and checks every text against its fingerprint. The restore waiting for
   * the reader's confirmation, or null after telling them what is wrong (nothing written). */
  async prepare(fileName: string, json: unknown): Promise<PendingBackup | null> {
    const { parseBackup } = await import('../model/backup');
    const parsed = parseBackup(json, this.env);
    if (!parsed.ok) return (this.notices.error(`“${fileName}”: ${parsed.error}`), null);
    const docs = parsed.value.documents;
    for (const d of docs) {
      if ((await sha256Hex(d.text)) !== d.meta.contentHash) {
        this.notices.error(
          `“${fileName}”: the text of “${d.meta.title}” does not match its recorded fingerprint; the backup is damaged and was not restored.`,
        );
        return null;
      }
    }
    const originals = await this.checkedOriginals(fileName, json, docs);
    if (!originals) return null;
    const versions = await checkedVersions(fileName, json, docs, this.notices);
    if (!versions) return null;
    const annotations = docs.reduce((n, d) => n + d.annotations.length, 0);
    return {
      kind: 'backup',
      fileName,
      documents: docs.length,
      annotations,
      run: () => this.restore(docs, originals, versions),
    };
  }

  /** The original files the backup carries (none in older backups), each checked against its
   * recorded SHA-256; null after telling the reader what is wrong. */
  private async checkedOriginals(
    fileName: string,
    json: unknown,
    docs: BackupDocument[],
  ): Promise<Map<string, Uint8Array> | null> {
    const { readOriginals } = await import('../model/backup-originals');
    const read = readOriginals(
      json,
      docs.map((d) => d.meta),
    );
    if (!read.ok) return (this.notices.error(`“${fileName}”: ${read.error}`), null);
    for (const d of docs) {
      const bytes = read.value.get(d.meta.id);
      if (bytes && (await sha256HexBytes(bytes)) !== d.meta.original?.hash) {
        this.notices.error(
          `“${fileName}”: the original file of “${d.meta.title}” does not match its recorded fingerprint; the backup is damaged and was not restored.`,
        );
        return null;
      }
    }
    return read.value;
  }

  /** Restores backed-up documents: a document already here (same id, or same text) keeps its
   * copy (and its original file, or lack of one) and tag set and receives the annotations it
   * lacks or has older versions of; a new document comes with its original file when the
   * backup carries it. */
  private async restore(
    docs: BackupDocument[],
    originals: ReadonlyMap<string, Uint8Array>,
    versions: ReadonlyMap<string, TextVersion[]>,
  ): Promise<void> {
    const batch: Parameters<LibraryStore['importBatch']>[0] = {
      documents: [],
      annotations: [],
      tagSets: [],
    };
    let added = 0;
    let carried = 0;
    /** What the restore writes to the open document, applied to it afterwards as one batch. */
    let forOpen: AnnotationChange | null = null;
    for (const d of docs) {
      const here =
        this.library.documents.find((x) => x.id === d.meta.id) ??
        (await this.store.findByHash(d.meta.contentHash));
      if (!here) {
        const bytes = originals.get(d.meta.id);
        const saved = versions.get(d.meta.id);
        batch.documents!.push({
          meta: saved ? { ...d.meta, version: saved.length } : d.meta,
          ...(saved ? { versions: saved } : {}),
          text: {
            id: d.meta.id,
            source: d.text,
            ...(bytes && d.meta.original
              ? {
                  original: new Blob([bytes as Uint8Array<ArrayBuffer>], {
                    type: d.meta.original.type,
                  }),
                }
              : {}),
          },
          tagSet: { docId: d.meta.id, tags: d.tags },
        });
        batch.annotations!.push(...d.annotations);
        added += d.annotations.length;
        continue;
      }
      const parsedImport: ParsedImport = {
        tags: d.tags.map((t) => ({ name: t.name, color: t.color, definition: t.definition })),
        items: d.annotations.map((a) => ({
          id: a.id,
          target: a.target,
          tagNames: a.tags.map((id) => d.tags.find((t) => t.id === id)?.name ?? '').filter(Boolean),
          note: a.note,
          color: a.color,
          creator: a.creator,
          created: a.created,
          modified: a.modified,
          replyTo: a.replyTo,
          prompt: a.prompt,
        })),
        invalid: [],
        warnings: [],
      };
      const [text, tagSet, existing, carry] = await Promise.all([
        this.store.getText(here.id),
        this.store.getTagSet(here.id),
        this.store.listAnnotations(here.id),
        carryFor(this.store, here),
      ]);
      if (!text) continue;
      const index = new TextIndex((await parseDocument(text.source, here.format)).plainText);
      const { planImport } = await import('../model/import-plan');
      const { carryItems } = await import('../model/version-carry');
      // A backup made on an older version of this text: its work goes through the saved edits'
      // maps first; only what they cannot place is searched for by quote.
      const plan = planImport(parsedImport, {
        docId: here.id,
        index,
        existing,
        tags: tagSet?.tags ?? [],
        env: this.env,
        carry: carry && carryItems(carry, d.meta.contentHash),
      });
      carried += plan.report.carried ?? 0;
      batch.annotations!.push(...plan.put);
      const original = lostOriginal(here, text, d, originals.get(d.meta.id));
      if (original)
        batch.documents!.push({
          meta: { ...here, original: d.meta.original! },
          text: { ...text, original },
          tagSet: { docId: here.id, tags: plan.tags },
        });
      else batch.tagSets!.push({ docId: here.id, tags: plan.tags });
      if (here.id === this.doc.meta?.id)
        forOpen = { put: plan.put, tagSet: { docId: here.id, tags: plan.tags } };
      added += plan.put.length;
    }
    try {
      await this.store.importBatch(batch);
    } catch (err) {
      return void this.notices.error(describeStorageError(err));
    }
    await this.library.refresh();
    if (forOpen && this.doc.meta?.id === forOpen.tagSet?.docId) await this.doc.stored(forOpen);
    const through = carried
      ? ` (${carried} made on an older version of the text, carried through its saved edits)`
      : '';
    this.notices.announce(
      `Backup restored: ${docs.length} documents, ${added} annotations added or updated${through}.`,
    );
  }
}

/**
 * The original file a document here has lost (say, it was restored from a backup made without
 * originals) when this backup carries it: the same file by its SHA-256, or, where the library
 * never described one, the file whose extraction is the same text. Null otherwise.
 */
function lostOriginal(
  here: DocumentMeta,
  text: DocumentText,
  d: BackupDocument,
  bytes: Uint8Array | undefined,
): Blob | null {
  if (!bytes || !d.meta.original || text.original) return null;
  const same = here.original
    ? here.original.hash === d.meta.original.hash
    : here.contentHash === d.meta.contentHash;
  return same ? new Blob([bytes as Uint8Array<ArrayBuffer>], { type: d.meta.original.type }) : null;
}
