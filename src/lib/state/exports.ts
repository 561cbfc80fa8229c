import type { Env } from '../model/types';
import { exportFileName } from '../model/filenames';
import type { LibraryStore } from '../storage/library-store';
import type { OpenDocument } from './document.svelte';
import { download } from './download';
import { citeRange, fragmentSelector, pageAt } from '../model/citation';
import type { ExportChoice } from '../model/interop/catalog';

/**
 * Exports of the open document (W3C Web Annotation JSON, Markdown, CSV, and other tools'
 * formats: Readwise, Obsidian, Zotero) and of the whole library (a full backup). The export
 * code is loaded on first use: most sessions never need it.
 */
export class Exports {
  /** `backedUp` is told after a backup was handed to the browser. */
  constructor(
    private store: LibraryStore,
    private doc: OpenDocument,
    private env: Env,
    private backedUp: () => Promise<void> = async () => {},
  ) {}

  async exportW3C(): Promise<void> {
    const meta = this.doc.meta;
    const blob = await this.w3cBlob();
    if (!meta || !blob) return;
    download(
      exportFileName(meta.title, this.env.now(), 'json', 'annotations'),
      blob,
      'application/ld+json',
    );
  }

  /** The open document's W3C export file (null when none is open). Built in a Web Worker that
   * reads the annotations from IndexedDB itself (10,000 annotations are ~15 MB of JSON; copying
   * them to the worker cost the page ~150 ms). The page only places each annotation's page or
   * chapter (FragmentSelector), since the worker has no parsed document. */
  async w3cBlob(): Promise<Blob | null> {
    const { meta, annotations, tags } = this.doc;
    if (!meta) return null;
    const { exportW3CBlob } = await import('../workers/w3c-export');
    const parsed = this.doc.parsed;
    const locations: Record<number, Record<string, unknown>> = {};
    if (parsed && (parsed.pages?.length || parsed.chapters?.length))
      for (const a of annotations) {
        const start = a.target.position.start;
        const f = start in locations ? undefined : fragmentSelector(parsed, start);
        if (f) locations[start] = f;
      }
    return exportW3CBlob(meta, annotations, tags, this.env.now(), locations, {
      dbName: this.store.name,
      docId: meta.id,
    });
  }

  async exportMarkdown(groupBy: 'position' | 'tag'): Promise<void> {
    await this.doc.whenApplied();
    const { meta, tags } = this.doc;
    if (!meta) return;
    const { toMarkdown } = await import('../model/notes-export');
    download(
      exportFileName(meta.title, this.env.now(), 'md', 'notes'),
      toMarkdown(meta, this.inTextOrder(), tags, {
        groupBy,
        now: this.env.now(),
        cite: (a) => this.cite(a),
      }),
      'text/markdown',
    );
  }

  async exportCsv(): Promise<void> {
    await this.doc.whenApplied();
    const { meta, tags } = this.doc;
    if (!meta) return;
    const { toCsv } = await import('../model/notes-export');
    download(
      exportFileName(meta.title, this.env.now(), 'csv', 'notes'),
      toCsv(meta, this.inTextOrder(), tags, (a) => this.cite(a)),
      'text/csv',
    );
  }

  /** Page(s) of a PDF, chapter of an EPUB ('' otherwise). */
  private cite(a: { target: { position: { start: number; end: number } } }): string {
    return citeRange(this.doc.parsed, a.target.position.start, a.target.position.end);
  }

  /** Exports in another tool's format (Readwise, Obsidian, Zotero: model/interop). */
  async exportAs(id: ExportChoice['id']): Promise<void> {
    await this.doc.whenApplied();
    const { meta, tags, index } = this.doc;
    if (!meta || !index) return;
    const format = (await import('../model/interop')).exportFormat(id);
    if (!format) return;
    const now = this.env.now();
    const parsed = this.doc.parsed;
    download(
      exportFileName(meta.title, now, format.extension, format.suffix),
      format.serialize({
        doc: meta,
        annotations: this.inTextOrder(),
        tags,
        text: index.text,
        now,
        // Paged documents give page numbers (Readwise's Location) and every export that names
        // a place cites the printed page label or the chapter.
        pageAt: (offset) => (parsed ? pageAt(parsed, offset)?.page : undefined),
        cite: (start, end) => citeRange(parsed, start, end),
      }),
      format.mime,
    );
  }

  /**
   * Downloads a full backup. `originals` says whether the original files (PDF, Word, EPUB, web
   * page) go in with their extracted texts; by default they do unless together they pass
   * `LARGE_ORIGINALS_BYTES` (the export menu then offers both, with the size).
   */
  async exportBackup(originals?: boolean): Promise<void> {
    const { serializeBackup } = await import('../model/backup');
    const { addOriginals, originalsSize, LARGE_ORIGINALS_BYTES } =
      await import('../model/backup-originals');
    const all = await this.store.exportAll();
    const docs = all.map((d) => ({
      meta: d.meta,
      text: d.text.source,
      tags: d.tagSet?.tags ?? [],
      annotations: d.annotations,
    }));
    const { addVersions } = await import('../model/backup-versions');
    // Edited documents keep every saved version with its map (model/backup-versions.ts).
    let backup = addVersions(
      serializeBackup(docs, this.env.now()),
      new Map(all.map((d) => [d.meta.id, d.versions ?? []])),
    );
    const withOriginals =
      originals ?? originalsSize(all.map((d) => d.meta)).bytes <= LARGE_ORIGINALS_BYTES;
    if (withOriginals) {
      const bytes = new Map<string, Uint8Array>();
      for (const d of all)
        if (d.meta.original && d.text.original)
          bytes.set(d.meta.id, new Uint8Array(await d.text.original.arrayBuffer()));
      backup = addOriginals(backup, bytes);
    }
    download(
      exportFileName('Marginalia backup', this.env.now(), 'json'),
      JSON.stringify(backup),
      'application/json',
    );
    await this.backedUp();
  }

  /** Placed annotations in text order, then the orphans (callers first await
   * `doc.whenApplied()`: a large import is applied in steps). */
  private inTextOrder() {
    return [...this.doc.placed.map((p) => p.a), ...this.doc.orphans];
  }
}
