import type { DocumentMeta, Env, Result } from '../model/types';
import type { ParsedImport } from '../model/w3c';
import type { BackupDocument } from '../model/backup';
import type { ImportPlan } from '../model/import-plan';
import { exportFileName } from '../model/filenames';
import { mergeImports } from '../model/import-merge';
import { parseDocument } from '../model/parse';
import { citeRange, fragmentSelector } from '../model/citation';
import { TextIndex } from '../model/text-index';
import { sha256Hex } from '../model/hash';
import type { LibraryStore } from '../storage/library-store';
import type { ReaderState } from './reader.svelte';
import type { LibraryState } from './library.svelte';
import type { Notices } from './notices.svelte';
import { describeStorageError } from './errors';

/** An import waiting for the reader: either a plan to confirm, or a choice of document. */
export type PendingImport =
  | { kind: 'plan'; fileName: string; doc: DocumentMeta; plan: ImportPlan }
  | { kind: 'choose-document'; fileName: string; parsed: ParsedImport }
  | {
      kind: 'backup';
      fileName: string;
      documents: number;
      annotations: number;
      run: () => Promise<void>;
    };

/** Hands a file to the browser's download machinery (a blob: URL, no network). */
export function download(name: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The export/import code, loaded on first use: most reading sessions never need it. */
const io = () =>
  Promise.all([
    import('../model/w3c'),
    import('../model/backup'),
    import('../model/notes-export'),
    import('../model/import-plan'),
  ]).then(([w3c, backup, notes, plan]) => ({ ...w3c, ...backup, ...notes, ...plan }));

/**
 * Exports (W3C JSON, Markdown, CSV, full backup) and imports (W3C from any tool, backups).
 * An import is planned and reported first; nothing is written until the reader confirms, and
 * then everything is written in one transaction.
 */
export class TransferState {
  pending = $state.raw<PendingImport | null>(null);
  /** Resolves when the reader has answered the current pending import. */
  private answered: (() => void) | null = null;

  constructor(
    private store: LibraryStore,
    private reader: ReaderState,
    private library: LibraryState,
    private notices: Notices,
    private env: Env,
    private onBackup: () => Promise<void> = async () => {},
  ) {}

  async exportW3C(): Promise<void> {
    const r = this.reader;
    if (!r.meta) return;
    const { serializeCollection } = await io();
    const parsed = r.parsed;
    const json = serializeCollection(r.meta, r.annotations, r.tags, {
      generatedAt: this.env.now(),
      locate: (start) => fragmentSelector(parsed, start),
    });
    download(
      exportFileName(r.meta.title, this.env.now(), 'json', 'annotations'),
      JSON.stringify(json, null, 2),
      'application/ld+json',
    );
  }

  async exportMarkdown(groupBy: 'position' | 'tag'): Promise<void> {
    const r = this.reader;
    if (!r.meta) return;
    const { toMarkdown } = await io();
    download(
      exportFileName(r.meta.title, this.env.now(), 'md', 'notes'),
      toMarkdown(r.meta, this.inTextOrder(), r.tags, {
        groupBy,
        now: this.env.now(),
        cite: (a) => citeRange(r.parsed, a.target.position.start, a.target.position.end),
      }),
      'text/markdown',
    );
  }

  async exportCsv(): Promise<void> {
    const r = this.reader;
    if (!r.meta) return;
    const { toCsv } = await io();
    download(
      exportFileName(r.meta.title, this.env.now(), 'csv', 'notes'),
      toCsv(r.meta, this.inTextOrder(), r.tags, (a) =>
        citeRange(r.parsed, a.target.position.start, a.target.position.end),
      ),
      'text/csv',
    );
  }

  async exportBackup(): Promise<void> {
    const { serializeBackup } = await io();
    const all = await this.store.exportAll();
    const docs = all.map((d) => ({
      meta: d.meta,
      text: d.text.source,
      tags: d.tagSet?.tags ?? [],
      annotations: d.annotations,
    }));
    download(
      exportFileName('Marginalia backup', this.env.now(), 'json'),
      JSON.stringify(serializeBackup(docs, this.env.now())),
      'application/json',
    );
    await this.onBackup();
  }

  private inTextOrder() {
    return [...this.reader.placed.map((p) => p.a), ...this.reader.orphans];
  }

  /** Opens a reading packet (set by the app; packets are opened, not imported). */
  openPacket: (fileName: string, json: unknown) => Promise<unknown> = async () => {};

  /**
   * Imports files. Packets open as documents and backups restore, one at a time. Annotation
   * files for the same document (a class's hand-ins) are read first and planned together, so
   * the teacher confirms one report for the whole class instead of one per student; a bad file
   * is reported by name and skipped, and the others still import.
   */
  async importFiles(files: readonly File[]): Promise<void> {
    const { isPacket } = await import('../model/packet');
    const { isBackup, parseW3C } = await io();
    const batches = new Map<
      string,
      { doc: DocumentMeta; names: string[]; parsed: ParsedImport[] }
    >();
    const loose: { name: string; parsed: ParsedImport }[] = [];
    for (const f of files) {
      const json = await this.readJson(f);
      if (json === undefined) continue;
      if (isPacket(json)) await this.openPacket(f.name, json);
      else if (isBackup(json)) await this.wait(() => this.prepareBackup(f.name, json));
      else {
        const parsed = this.checkParsed(f.name, parseW3C(json, this.env));
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
    const { checkImportSize, parseJsonText } = await io();
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

  private checkParsed(name: string, parsed: Result<ParsedImport>): ParsedImport | null {
    if (!parsed.ok) return (void this.notices.error(`“${name}”: ${parsed.error}`), null);
    if (parsed.value.items.length === 0) {
      const why = parsed.value.invalid
        .slice(0, 5)
        .map((i) => i.message)
        .join('; ');
      return (
        void this.notices.error(
          `“${name}” has no annotations that can be imported${why ? `: ${why}` : '.'}`,
        ),
        null
      );
    }
    return parsed.value;
  }

  /** Reads one import file and prepares its report. Errors are shown; nothing is written. */
  async importFile(file: File): Promise<void> {
    await this.importFiles([file]);
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
      this.reader.meta?.id === doc.id && this.reader.index
        ? this.reader.index
        : new TextIndex((await parseDocument(text.source, doc.format)).plainText);
    const { planImport } = await io();
    const plan = planImport(parsed, {
      docId: doc.id,
      index,
      existing,
      tags: tagSet?.tags ?? [],
      env: this.env,
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
      `Imported into “${doc.title}”: ${(await io()).describeReport(plan.report)}`,
    );
    await this.library.refresh();
    if (this.reader.meta?.id === doc.id) await this.reader.reload();
    return true;
  }

  cancel(): void {
    this.settle();
  }

  private async prepareBackup(fileName: string, json: unknown): Promise<void> {
    const { parseBackup } = await io();
    const parsed = parseBackup(json, this.env);
    if (!parsed.ok) return void this.notices.error(`“${fileName}”: ${parsed.error}`);
    const docs = parsed.value.documents;
    for (const d of docs) {
      if ((await sha256Hex(d.text)) !== d.meta.contentHash) {
        return void this.notices.error(
          `“${fileName}”: the text of “${d.meta.title}” does not match its recorded fingerprint; the backup is damaged and was not restored.`,
        );
      }
    }
    const annotations = docs.reduce((n, d) => n + d.annotations.length, 0);
    this.pending = {
      kind: 'backup',
      fileName,
      documents: docs.length,
      annotations,
      run: () => this.restore(docs),
    };
  }

  /** Restores backed-up documents: a document already here (same id, or same text) keeps its
   * copy and tag set and receives the annotations it lacks or has older versions of. */
  private async restore(docs: BackupDocument[]): Promise<void> {
    const batch: Parameters<LibraryStore['importBatch']>[0] = {
      documents: [],
      annotations: [],
      tagSets: [],
    };
    let added = 0;
    for (const d of docs) {
      const here =
        this.library.documents.find((x) => x.id === d.meta.id) ??
        (await this.store.findByHash(d.meta.contentHash));
      if (!here) {
        batch.documents!.push({
          meta: d.meta,
          text: { id: d.meta.id, source: d.text },
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
      const [text, tagSet, existing] = await Promise.all([
        this.store.getText(here.id),
        this.store.getTagSet(here.id),
        this.store.listAnnotations(here.id),
      ]);
      if (!text) continue;
      const index = new TextIndex((await parseDocument(text.source, here.format)).plainText);
      const { planImport } = await io();
      const plan = planImport(parsedImport, {
        docId: here.id,
        index,
        existing,
        tags: tagSet?.tags ?? [],
        env: this.env,
      });
      batch.annotations!.push(...plan.put);
      batch.tagSets!.push({ docId: here.id, tags: plan.tags });
      added += plan.put.length;
    }
    try {
      await this.store.importBatch(batch);
    } catch (err) {
      return void this.notices.error(describeStorageError(err));
    }
    await this.library.refresh();
    if (this.reader.meta) await this.reader.reload();
    this.notices.announce(
      `Backup restored: ${docs.length} documents, ${added} annotations added or updated.`,
    );
  }
}
