import type { LibraryState } from './library.svelte';
import type { TransferState } from './transfer.svelte';
import type { Notices } from './notices.svelte';
import type { Dropped } from './dropped-files';

/**
 * What comes in from outside the library: files picked or dropped, folders of hand-ins, pasted
 * text, and the reader's answer when a text is already in the library. Texts are added and
 * opened; annotation files, backups and packets go to `TransferState`.
 */
export class Intake {
  constructor(
    private library: LibraryState,
    private transfer: TransferState,
    private notices: Notices,
    private openDocument: (id: string) => Promise<void>,
  ) {}

  /** Files picked or dropped: JSON files are imports or reading packets, everything else is a
   * text to read. */
  async openFiles(files: readonly File[]): Promise<void> {
    const isJson = (f: File) =>
      /\.(json|jsonld)$/i.test(f.name) ||
      f.type === 'application/json' ||
      f.type === 'application/ld+json';
    await this.transfer.importFiles(files.filter(isJson));
    const texts = files.filter((f) => !isJson(f));
    if (!texts.length) return;
    try {
      const id = await this.library.addFiles(texts);
      if (id) await this.openDocument(id);
    } finally {
      this.library.opening.finish();
    }
  }

  /** A drop: files, or folders of hand-ins (only their annotation files are read). */
  async openDropped(d: Dropped): Promise<void> {
    const left: string[] = [];
    if (d.skipped)
      left.push(
        `${d.skipped} ${d.skipped === 1 ? 'file that is' : 'files that are'} not annotation files (.json)`,
      );
    if (d.truncated) left.push(`files beyond the first ${d.files.length}`);
    if (left.length)
      this.notices.announce(`From the dropped folder, left out: ${left.join('; ')}.`);
    if (d.files.length) await this.openFiles(d.files);
  }

  async pasteText(text: string, html?: string): Promise<boolean> {
    const pending = await this.library.pendingFromPaste(text, html);
    if (!pending.ok) {
      this.notices.error(pending.error);
      return false;
    }
    const id = await this.library.add(pending.value);
    if (id) await this.openDocument(id);
    return true;
  }

  /** The reader's answer to the duplicate prompt. */
  async resolveDuplicate(choice: 'open-existing' | 'keep-both' | 'cancel'): Promise<void> {
    const dup = this.library.takeDuplicate();
    if (!dup || choice === 'cancel') return;
    const id =
      choice === 'open-existing'
        ? dup.existing.id
        : await this.library.add(dup.pending, { allowDuplicate: true });
    if (id) await this.openDocument(id);
  }
}
