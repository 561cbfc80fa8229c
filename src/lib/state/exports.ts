import type { Env } from '../model/types';
import { exportFileName } from '../model/filenames';
import type { LibraryStore } from '../storage/library-store';
import type { OpenDocument } from './document.svelte';
import { download } from './download';
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
    const { meta, annotations, tags } = this.doc;
    if (!meta) return;
    const { serializeCollection } = await import('../model/w3c');
    const json = serializeCollection(meta, annotations, tags, { generatedAt: this.env.now() });
    download(
      exportFileName(meta.title, this.env.now(), 'json', 'annotations'),
      JSON.stringify(json, null, 2),
      'application/ld+json',
    );
  }

  async exportMarkdown(groupBy: 'position' | 'tag'): Promise<void> {
    const { meta, tags } = this.doc;
    if (!meta) return;
    const { toMarkdown } = await import('../model/notes-export');
    download(
      exportFileName(meta.title, this.env.now(), 'md', 'notes'),
      toMarkdown(meta, this.inTextOrder(), tags, { groupBy, now: this.env.now() }),
      'text/markdown',
    );
  }

  async exportCsv(): Promise<void> {
    const { meta, tags } = this.doc;
    if (!meta) return;
    const { toCsv } = await import('../model/notes-export');
    download(
      exportFileName(meta.title, this.env.now(), 'csv', 'notes'),
      toCsv(meta, this.inTextOrder(), tags),
      'text/csv',
    );
  }

  /** Exports in another tool's format (Readwise, Obsidian, Zotero: model/interop). */
  async exportAs(id: ExportChoice['id']): Promise<void> {
    const { meta, tags, index } = this.doc;
    if (!meta || !index) return;
    const format = (await import('../model/interop')).exportFormat(id);
    if (!format) return;
    const now = this.env.now();
    download(
      exportFileName(meta.title, now, format.extension, format.suffix),
      format.serialize({ doc: meta, annotations: this.inTextOrder(), tags, text: index.text, now }),
      format.mime,
    );
  }

  async exportBackup(): Promise<void> {
    const { serializeBackup } = await import('../model/backup');
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
    await this.backedUp();
  }

  /** Placed annotations in text order, then the orphans. */
  private inTextOrder() {
    return [...this.doc.placed.map((p) => p.a), ...this.doc.orphans];
  }
}
