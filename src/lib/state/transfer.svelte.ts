import type { DocumentMeta, Env, Result } from '../model/types';
import type { ParsedImport } from '../model/w3c';
import type { ImportPlan } from '../model/import-plan';
import { mergeImports } from '../model/import-merge';
import { parseDocument } from '../model/parse';
import { TextIndex } from '../model/text-index';
import type { LibraryStore } from '../storage/library-store';
import type { OpenDocument } from './document.svelte';
import type { LibraryState } from './library.svelte';
import type { Notices } from './notices.svelte';
import type { BackupRestore, PendingBackup } from './backup-restore';
import { describeStorageError } from '../storage/errors';
import { carryFor } from './carry-versions';

/** An import waiting for the reader: either a plan to confirm, or a choice of document. */
export type PendingImport =
  | { kind: 'plan'; fileName: string; doc: DocumentMeta; plan: ImportPlan }
  | { kind: 'choose-document'; fileName: string; parsed: ParsedImport }
  | PendingBackup;

/**
 * Imports: W3C annotation files from any tool (a class's hand-ins planned together), backups
 * (restored by `BackupRestore`) and reading packets (opened by `PacketState`).
 * An import is planned and reported first; nothing is written until the reader confirms, and
 * then everything is written in one transaction. The import code is loaded with `import()`
 * where it is first needed: most reading sessions never need it.
 */
export class TransferState {
  pending = $state.raw<PendingImport | null>(null);
  /** Resolves when the reader has answered the current pending import. */
  private answered: (() => void) | null = null;

  constructor(
    private store: LibraryStore,
    private doc: OpenDocument,
    private library: LibraryState,
    private notices: Notices,
    private env: Env,
    private backups: BackupRestore,
    /** Opens a reading packet (packets are opened, not imported). */
    private openPacket: (fileName: string, json: unknown) => Promise<unknown>,
  ) {}

  /**
   * Imports files. Packets open as documents and backups restore, one at a time. Annotation
   * files for the same document (a class's hand-ins) are read first and planned together, so
   * the teacher confirms one report for the whole class instead of one per student; a bad file
   * is reported by name and skipped, and the others still import.
   */
  async importFiles(files: readonly File[]): Promise<void> {
    const { isPacket } = await import('../model/packet');
    const { isBackup } = await import('../model/backup');
    const { parseAnnotationFile } = await import('../model/interop');
    const { skipLines } = await import('../model/import-plan');
    const batches = new Map<
      string,
      { doc: DocumentMeta; names: string[]; parsed: ParsedImport[] }
    >();
    const loose: { name: string; parsed: ParsedImport }[] = [];
    for (const f of files) {
      const json = await this.readJson(f);
      if (json === undefined) continue;
      if (isPacket(json)) await this.openPacket(f.name, json);
      else if (isBackup(json))
        await this.wait(async () => {
          this.pending = await this.backups.prepare(f.name, json);
        });
      else {
        const parsed = this.checkParsed(f.name, parseAnnotationFile(json, this.env), skipLines);
        if (!parsed) continue;
        const doc = await this.findDocument(parsed);
        if (!doc) loose.push({ name: f.name, parsed });
        else {
          const b = batches.get(doc.id) ?? { doc, names: [], parsed: [] };
          b.names.push(f.name);
          b.parsed.push(parsed);
          batches.set(doc.id, b);
        }
      }
    }
    for (const b of batches.values()) {
      const label = b.names.length === 1 ? b.names[0] : `${b.names.length} files`;
      await this.wait(() => this.planFor(label, b.doc, mergeImports(b.names, b.parsed)));
    }
    for (const l of loose)
      await this.wait(
        async () =>
          void (this.pending = { kind: 'choose-document', fileName: l.name, parsed: l.parsed }),
      );
  }

  /** Runs a step that may leave an import pending, and waits until the reader has answered it. */
  private async wait(step: () => Promise<void>): Promise<void> {
    await step();
    if (this.pending) await new Promise<void>((resolve) => (this.answered = resolve));
  }

  private settle(): void {
    this.pending = null;
    const done = this.answered;
    this.answered = null;
    done?.();
  }

  /** The file's JSON, or undefined after telling the reader what is wrong with it. */
  private async readJson(file: File): Promise<unknown> {
    const { checkImportSize, parseJsonText } = await import('../model/import-validate');
    const size = checkImportSize(file.name, file.size);
    if (!size.ok) return void this.notices.error(size.error);
    let text: string;
    try {
      text = await file.text();
    } catch {
      return void this.notices.error(
        `“${file.name}” could not be read. It may have been moved or deleted; choose it again.`,
      );
    }
    const json = parseJsonText(text);
    if (!json.ok) return void this.notices.error(`“${file.name}”: ${json.error}`);
    return json.value;
  }

  private checkParsed(
    name: string,
    parsed: Result<ParsedImport>,
    skipLines: (s: ParsedImport['invalid']) => string[],
  ): ParsedImport | null {
    if (!parsed.ok) return (void this.notices.error(`“${name}”: ${parsed.error}`), null);
    const skipped = parsed.value.invalid;
    if (parsed.value.items.length === 0) {
      const why = skipped.length
        ? `: ${skipped.length} skipped (${skipLines(skipped).join(', ')}). ${skipped
            .slice(0, 3)
            .map((i) => i.message)
            .join('; ')}.`
        : '.';
      return (
        void this.notices.error(`“${name}” has no annotations that can be imported${why}`),
        null
      );
    }
    return parsed.value;
  }

  /** The target document: by id, then by text hash, then by the annotations' `source`. */
  private async findDocument(p: ParsedImport): Promise<DocumentMeta | undefined> {
    const docs = this.library.documents;
    const ids = [p.document?.id, ...p.items.map((i) => i.source)].filter((x): x is string => !!x);
    for (const id of ids) {
      const d = docs.find((x) => x.id === id);
      if (d) return d;
    }
    if (p.document?.contentHash) return this.store.findByHash(p.document.contentHash);
    return undefined;
  }

  async chooseDocument(docId: string): Promise<void> {
    const p = this.pending;
    const doc = this.library.documents.find((d) => d.id === docId);
    if (!p || p.kind !== 'choose-document' || !doc) return;
    await this.planFor(p.fileName, doc, p.parsed);
  }

  private async planFor(fileName: string, doc: DocumentMeta, parsed: ParsedImport): Promise<void> {
    const [text, tagSet, existing] = await Promise.all([
      this.store.getText(doc.id),
      this.store.getTagSet(doc.id),
      this.store.listAnnotations(doc.id),
    ]);
    if (!text)
      return void this.notices.error(
        `The document “${doc.title}” has no text stored; the import was not applied.`,
      );
    const index =
      this.doc.meta?.id === doc.id && this.doc.index
        ? this.doc.index
        : new TextIndex((await parseDocument(text.source, doc.format)).plainText);
    const { planImport } = await import('../model/import-plan');
    const plan = planImport(parsed, {
      docId: doc.id,
      index,
      existing,
      tags: tagSet?.tags ?? [],
      env: this.env,
      carry: await carryFor(this.store, doc, parsed.document?.contentHash),
    });
    this.pending = { kind: 'plan', fileName, doc, plan };
  }

  /** Writes the planned import in one transaction. */
  async confirm(): Promise<boolean> {
    const p = this.pending;
    if (!p) return false;
    if (p.kind === 'backup') {
      this.settle();
      await p.run();
      return true;
    }
    if (p.kind !== 'plan') return false;
    const { plan, doc } = p;
    try {
      await this.store.importBatch({
        annotations: plan.put,
        tagSets: [{ docId: doc.id, tags: plan.tags }],
      });
    } catch (err) {
      this.notices.error(describeStorageError(err));
      return false;
    }
    this.settle();
    this.notices.announce(
      `Imported into “${doc.title}”: ${(await import('../model/import-plan')).describeReport(plan.report)}`,
    );
    await this.library.refresh();
    // The open document takes what was written as a batch, like any other change.
    if (this.doc.meta?.id === doc.id)
      this.doc.apply({ put: plan.put, tagSet: { docId: doc.id, tags: plan.tags } });
    return true;
  }

  cancel(): void {
    this.settle();
  }
}
