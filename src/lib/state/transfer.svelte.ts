import type { DocumentMeta, Env } from '../model/types';
import type { LibraryStore } from '../storage/library-store';
import type { HeldPlan, ImportWorker } from '../workers/import-client';
import { importWrite } from './import-write';
import type { OpenDocument } from './document.svelte';
import type { LibraryState } from './library.svelte';
import type { Notices } from './notices.svelte';
import type { BackupRestore, PendingBackup } from './backup-restore';
import { describeStorageError } from '../storage/errors';
import { findTarget, planInput } from './import-input';
import { ImportBatches } from './import-batches';
import {
  ImportProgressTracker,
  LARGE_IMPORT_BYTES,
  LARGE_IMPORT_COUNT,
  type ImportProgress,
} from './import-progress.svelte';

export { LARGE_IMPORT_BYTES, type ImportProgress };

/** An import waiting for the reader: either a plan to confirm, or a choice of document (the
 * parsed file waits in the import worker under `handle`). */
export type PendingImport =
  | { kind: 'plan'; fileName: string; doc: DocumentMeta; plan: HeldPlan }
  | { kind: 'choose-document'; fileName: string; handle: number; items: number }
  | PendingBackup;

/**
 * Imports: W3C annotation files from any tool (a class's hand-ins planned together), backups
 * (restored by `BackupRestore`) and reading packets (opened by `PacketState`).
 * Files are parsed, validated, planned and anchored in a Web Worker (`ImportWorker`), so the
 * page keeps scrolling while a large file imports; `cancelWork` stops that work. An import is
 * planned and reported first; nothing is written until the reader confirms, and then it is
 * committed as one `AnnotationChange` in one transaction (all of it or nothing, also when
 * cancelled while saving). The import code is loaded with `import()` where it is first needed.
 */
export class TransferState {
  pending = $state.raw<PendingImport | null>(null);
  readonly #progress = new ImportProgressTracker();
  /** The import run in progress: aborting it stops its worker or its write. */
  #run: AbortController | null = null;
  #worker: ImportWorker | null = null;
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

  /** Progress of a large file's import, or null. */
  get progress(): ImportProgress | null {
    return this.#progress.current;
  }

  /** Stops the import in progress: its parsing and planning, or its write (nothing is written). */
  cancelWork(): void {
    this.#run?.abort();
  }

  /**
   * Imports files. Packets open as documents and backups restore, one at a time. Annotation
   * files for the same document (a class's hand-ins) are read first and planned together, so
   * the teacher confirms one report for the whole class instead of one per student; a bad file
   * is reported by name and skipped, and the others still import.
   */
  async importFiles(files: readonly File[]): Promise<void> {
    const run = new AbortController();
    this.#run = run;
    const { checkImportSize } = await import('../model/import-validate');
    const { ImportWorker, ImportCancelled } = await import('../workers/import-client');
    this.#worker ??= new ImportWorker(this.env);
    const held = new Set<number>();
    const read = new ImportBatches();
    try {
      for (const f of files) {
        const size = checkImportSize(f.name, f.size);
        if (!size.ok) {
          this.notices.error(size.error);
          continue;
        }
        const file = await this.#worker.read(
          f.name,
          f,
          this.#progress.watch(run.signal, f.name, 'reading', f.size >= LARGE_IMPORT_BYTES),
        );
        this.#progress.clear();
        if (!file.ok) this.notices.error(file.error);
        else if (file.value.kind === 'packet') await this.openPacket(f.name, file.value.json);
        else if (file.value.kind === 'backup') {
          const json = file.value.json;
          await this.wait(
            async () => void (this.pending = await this.backups.prepare(f.name, json)),
          );
        } else {
          const { handle, target } = file.value;
          held.add(handle);
          const doc = await findTarget(this.store, this.library.documents, target);
          read.add(doc, f.name, handle, target.items);
        }
      }
      for (const b of read.batches) {
        const label = b.names.length === 1 ? b.names[0] : `${b.names.length} files`;
        b.handles.forEach((h) => held.delete(h));
        await this.wait(() => this.planFor(label, b.doc, b.handles, b.names, b.items));
      }
      for (const l of read.loose) {
        held.delete(l.handle);
        await this.wait(
          async () =>
            void (this.pending = {
              kind: 'choose-document',
              fileName: l.name,
              handle: l.handle,
              items: l.items,
            }),
        );
      }
    } catch (err) {
      if (err instanceof ImportCancelled || run.signal.aborted)
        this.notices.announce('Import cancelled: nothing was imported.');
      else this.notices.error(`The import failed: ${err instanceof Error ? err.message : err}`);
      if (this.pending) this.settle();
    } finally {
      this.#progress.clear();
      if (this.#run === run) this.#run = null;
      this.#worker.drop([...held]);
    }
  }

  /** Runs a step that may leave an import pending, and waits until the reader has answered it. */
  private async wait(step: () => Promise<void>): Promise<void> {
    await step();
    if (this.pending) await new Promise<void>((resolve) => (this.answered = resolve));
  }

  private settle(): void {
    // A plan answered (written, declined or cancelled) is freed in the worker too.
    const held = this.pending?.kind === 'plan' ? this.pending.plan.held : undefined;
    if (held !== undefined) this.#worker?.drop([held]);
    this.pending = null;
    const done = this.answered;
    this.answered = null;
    done?.();
  }

  async chooseDocument(docId: string): Promise<void> {
    const p = this.pending;
    const doc = this.library.documents.find((d) => d.id === docId);
    if (!p || p.kind !== 'choose-document' || !doc) return;
    try {
      await this.planFor(p.fileName, doc, [p.handle], [p.fileName], p.items);
    } catch (err) {
      this.#stopped(err);
    }
  }

  /** Plans the import of the files under `handles` into `doc`, in the worker, and shows it. */
  private async planFor(
    fileName: string,
    doc: DocumentMeta,
    handles: number[],
    names: string[],
    items: number,
  ): Promise<void> {
    const input = await planInput(this.store, this.doc, doc);
    if (!input.ok) return void this.notices.error(input.error);
    const run = this.#run ?? new AbortController();
    const opts = this.#progress.watch(
      run.signal,
      fileName,
      'planning',
      items >= LARGE_IMPORT_COUNT,
    );
    const plan = await this.#worker!.plan(handles, names, input.value, opts);
    this.#progress.clear();
    this.pending = { kind: 'plan', fileName, doc, plan };
  }

  /** A run that ended by a cancel (said as such) or a failure (said as an error). */
  #stopped(err: unknown): void {
    this.#progress.clear();
    if (this.#run?.signal.aborted) this.notices.announce('Import cancelled: nothing was imported.');
    else this.notices.error(`The import failed: ${err instanceof Error ? err.message : err}`);
    this.settle();
  }

  /**
   * Writes the planned import in one transaction, a page per task, from the import worker (its
   * own connection: the page's thread puts no page; `importWrite`); when its document is open, the
   * page applies and draws it meanwhile (`OpenDocument.commitAlongside`). Said to be imported
   * only once committed; cancelled (`cancelWork`) or failed, nothing is written and the page
   * shows what is stored.
   */
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
    const run = this.#run && !this.#run.signal.aborted ? this.#run : new AbortController();
    this.#run = run;
    const large = plan.put.length >= LARGE_IMPORT_COUNT;
    const opts = this.#progress.watch(run.signal, p.fileName, 'saving', large);
    try {
      const { change, write, freed } = importWrite(this.store, this.#worker, doc.id, plan, opts);
      if (this.doc.meta?.id === doc.id) await this.doc.commitAlongside(change, write, freed);
      else await write();
    } catch (err) {
      this.#progress.clear();
      if (!run.signal.aborted) return (this.notices.error(describeStorageError(err)), false);
      this.notices.announce('Import cancelled: nothing was imported.');
      this.settle();
      return false;
    }
    this.#progress.clear();
    this.settle();
    this.notices.announce(
      `Imported into “${doc.title}”: ${(await import('../model/import-plan')).describeReport(plan.report)}`,
    );
    await this.library.refresh();
    return true;
  }

  /** The reader declined the pending import (its parsed file, if any, is freed). */
  cancel(): void {
    const p = this.pending;
    if (p?.kind === 'choose-document') this.#worker?.drop([p.handle]);
    this.settle();
  }
}
