import type { EditMap, Env, TextVersion } from '../model/types';
import { carryAnnotations, invertMap, mapOf, type EditCounts } from '../model/text-edit';
import { TextIndex } from '../model/text-index';
import { sha256Hex } from '../model/hash';
import { sourceKind } from '../model/blocks';
import { canWriteSource, sourceOfEdit, versionText } from '../model/edit-source';
import { describeStorageError } from '../storage/errors';
import type { LibraryStore } from '../storage/library-store';
import { download } from './download';
import { exportFileName } from '../model/filenames';
import { parseDocument } from '../model/parse';
import type { OpenDocument } from './document.svelte';
import type { EditorSync } from './editor-sync.svelte';
import type { Notices } from './notices.svelte';

export type { EditCounts } from '../model/text-edit';

/**
 * The edit session of the open document's text (issue 16): "Edit text" turns the reader into an
 * editor, "Save text" makes a new version and carries every annotation through the edit's own
 * position map (one batch through `OpenDocument.commit`: text, version and moved annotations in
 * one transaction), "Cancel" discards. The editor itself is driven only by `EditorSync`.
 */
export class TextEdit {
  #saving = $state(false);
  #last = $state.raw<EditCounts | null>(null);

  /** `confirm` asks the reader a yes/no question (the page passes `window.confirm`). */
  constructor(
    private store: LibraryStore,
    private doc: OpenDocument,
    private sync: EditorSync,
    private notices: Notices,
    private env: Env,
    private confirm: (question: string) => boolean,
  ) {}

  get active(): boolean {
    return this.sync.editing;
  }
  /** True once the text was changed in this edit. */
  get changed(): boolean {
    return this.sync.edits > 0;
  }
  get saving(): boolean {
    return this.#saving;
  }
  /** The outcome counts of the last edit saved in this tab. */
  get lastCounts(): EditCounts | null {
    return this.#last;
  }

  /** Why the open document's text cannot be edited here, or null when it can. */
  get unavailable(): string | null {
    const meta = this.doc.meta;
    if (!meta) return 'No document is open.';
    const kind = sourceKind(meta.format);
    if (!canWriteSource(kind))
      return `Editing the text of ${meta.format} documents is not available.`;
    return null;
  }

  async start(): Promise<boolean> {
    const why = this.unavailable;
    if (why) {
      this.notices.error(why);
      return false;
    }
    if (this.active) return true;
    // A save carries every annotation: on a reload drawn from the drawing record, wait for them.
    await this.doc.whenApplied();
    const ok = await this.sync.startEdit();
    if (ok) this.notices.announce('Editing the text. Save text keeps it; Escape cancels.');
    return ok;
  }

  /** Discards the edit, after asking when the text was changed. False if the reader declined. */
  cancel(): boolean {
    if (!this.active) return true;
    if (this.changed && !this.confirm('Discard your changes to the text?')) return false;
    this.sync.endEdit(true);
    this.notices.announce('Edit cancelled; the text is as it was.');
    return true;
  }

  /**
   * Saves the edit as a new version. Every placed annotation gets its outcome from the edit's
   * map (never from a search) and selectors recomputed on the new text; changed, adjusted and
   * lost ones carry `edit` for the review list. On a failed write the edit stays open.
   */
  async save(): Promise<boolean> {
    const edited = this.sync.edited();
    const meta = this.doc.meta;
    const parsed = this.doc.parsed;
    if (!this.active || !edited || !meta || !parsed || this.#saving) return false;
    if (edited.error) {
      this.notices.error(
        `This edit cannot be saved (${edited.error}). Cancel it and make it again in smaller steps.`,
      );
      return false;
    }
    if (!edited.replaces.length) {
      this.sync.endEdit(true);
      this.notices.announce('The text is unchanged; nothing to save.');
      return true;
    }
    // The recorder's text is the old text with its replacements applied (property-tested with
    // `applyReplaces`); building it again here would cost a pass over the book per step.
    // Markdown keeps its untouched blocks' bytes: its writer needs the source the edit began from.
    const previous =
      sourceKind(meta.format) === 'markdown' ? (await this.store.getText(meta.id))?.source : '';
    if (previous === undefined)
      return (this.notices.error('The text of this document is missing.'), false);
    const source = await sourceOfEdit(meta.format, { ...edited, previous });
    if (!source.ok) {
      this.notices.error(`This edit cannot be saved: ${source.error}. Nothing was saved.`);
      return false;
    }
    return this.#saveVersion(source.value, edited.text, mapOf(edited.replaces));
  }

  /** The document's saved versions, oldest first (none until its text is first edited). */
  versions(): Promise<TextVersion[]> {
    const id = this.doc.meta?.id;
    return id ? this.store.listVersions(id) : Promise.resolve([]);
  }

  /** Downloads version `n`'s text as a .txt file (version 1 is the text as first opened; for a
   * PDF, Word, EPUB or web page, its text as extracted then: the original file is the one the
   * document's own download gives). */
  async downloadVersion(n: number): Promise<void> {
    const meta = this.doc.meta;
    const v = (await this.versions()).find((x) => x.n === n);
    if (!meta || !v) return void this.notices.error(`Version ${n} is not stored.`);
    // A Markdown version downloads as its Markdown.
    if (sourceKind(meta.format) === 'markdown')
      return download(
        exportFileName(meta.title, new Date(v.created), 'md', `version ${n}`),
        v.source,
        'text/markdown;charset=utf-8',
      );
    const text = versionText(v.source, meta.format);
    if (!text.ok) return void this.notices.error(`Version ${n} cannot be read: ${text.error}`);
    download(
      exportFileName(meta.title, new Date(v.created), 'txt', `version ${n}`),
      text.value,
      'text/plain;charset=utf-8',
    );
  }

  /** Makes an older version's text current again, as a new version: annotations are carried
   * back through the inverted maps (what was written on later text is lost, and listed). */
  async restore(n: number): Promise<boolean> {
    const meta = this.doc.meta;
    if (!meta || this.active || this.#saving) return false;
    const all = await this.versions();
    const old = all.find((v) => v.n === n);
    if (!old || n === (meta.version ?? 1)) return false;
    const map = invertMap(all.filter((v) => v.n > n).flatMap((v) => v.map ?? []));
    // Markdown is read through the lazily loaded parser (parseDocument), the others directly.
    const text =
      sourceKind(meta.format) === 'markdown'
        ? { ok: true as const, value: (await parseDocument(old.source, meta.format)).plainText }
        : versionText(old.source, meta.format);
    if (!text.ok) {
      this.notices.error(`Version ${n} cannot be read: ${text.error}`);
      return false;
    }
    return this.#saveVersion(old.source, text.value, map, n);
  }

  /** Stores `source` (whose plain text is `text`) as the next version, with every annotation
   * carried through `map`. */
  async #saveVersion(
    source: string,
    text: string,
    map: EditMap,
    restoredFrom?: number,
  ): Promise<boolean> {
    const meta = this.doc.meta;
    if (!meta) return false;
    this.#saving = true;
    try {
      const n = (meta.version ?? 1) + 1;
      const { put, counts } = carryAnnotations(new TextIndex(text), map, this.doc.placed, n);
      const version: TextVersion = {
        docId: meta.id,
        n,
        created: this.env.now().toISOString(),
        contentHash: await sha256Hex(source),
        source,
        map,
        ...(restoredFrom ? { restoredFrom } : {}),
      };
      // The carried annotations are applied here and not written: storage carries its pages
      // the same way on read until `catchUp` rewrites them once idle (storage/stale-pages.ts;
      // `OpenDocument.commit` has it run).
      await this.doc.commit({ text: { base: meta.version ?? 1, version, carried: put } });
      this.#last = counts;
      const flagged = counts.changed + counts.adjusted + counts.lost;
      const what = restoredFrom
        ? `Restored version ${restoredFrom} as version ${n}.`
        : `Saved version ${n}.`;
      this.notices.announce(
        `${what} ${flagged ? `${flagged} annotation${flagged > 1 ? 's' : ''} to review: ${counts.changed} changed, ${counts.adjusted} adjusted, ${counts.lost} lost.` : 'No annotation was touched.'}`,
      );
      return true;
    } catch (err) {
      this.notices.error(describeStorageError(err));
      return false;
    } finally {
      this.#saving = false;
    }
  }
}
