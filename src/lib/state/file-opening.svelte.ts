import type { DraftBlock } from '../model/blocks';
import type { Inline } from '../model/types';
import type { ExtractContext } from '../formats/types';

/** How long a file may take before "Opening…" shows. */
const SHOW_AFTER_MS = 300;

/** What the reader sees while a long file is read: its name and pages (or chapters) read;
 * `total` is 0 until the file says how many it has. */
export interface OpeningProgress {
  fileName: string;
  done: number;
  total: number;
  unit: 'page' | 'chapter';
}

/** One line of the preview: a page (or chapter) label, or a paragraph's text. */
export type PreviewLine = { kind: 'page'; label: string } | { kind: 'text'; text: string };

/** Characters of preview shown: a few screens. More would make the preview itself a long
 * layout (the whole of a 300-page book is ~600 k characters); the rest shows as progress. */
export const PREVIEW_CHARS = 30_000;

/** The preview of blocks read so far: page and chapter markers and text, plainly (lists,
 * tables and quotes as their text), up to `max` characters. Shown until the document opens. */
export function previewLines(blocks: readonly DraftBlock[], max = PREVIEW_CHARS): PreviewLine[] {
  const out: PreviewLine[] = [];
  let chars = 0;
  const runs = (content: readonly Inline[]) =>
    content.map((r) => (r.type === 'text' ? r.text : ' ')).join('');
  const walk = (list: readonly DraftBlock[]): void => {
    for (const b of list) {
      if (chars >= max) return;
      if (b.type === 'pageBreak') out.push({ kind: 'page', label: `Page ${b.label}` });
      else if (b.type === 'chapter') out.push({ kind: 'page', label: b.title });
      else if (b.type === 'paragraph' || b.type === 'heading' || b.type === 'note') {
        const text = runs(b.content);
        chars += text.length;
        out.push({ kind: 'text', text });
      } else if (b.type === 'blockquote') walk(b.children);
      else if (b.type === 'table') b.rows.forEach((row) => row.forEach(walk));
      else b.items.forEach(walk);
    }
  };
  walk(blocks);
  return out;
}

/** A password the open file asks for; `retry` after a wrong one. */
export interface PasswordRequest {
  fileName: string;
  retry: boolean;
}

type Hooks = Required<Pick<ExtractContext, 'signal' | 'onProgress' | 'onPartial' | 'askPassword'>>;

/**
 * The file being opened (one at a time): its progress, a preview of its first pages while the
 * rest is read, the password it asks for, and Cancel. Cancel aborts the extraction (pdf.js's
 * worker task is destroyed), answers a pending password request with "no", and the file is then
 * never added: the library stays as it was (DEVELOPERS.md, "Opening a long PDF", says why).
 * Passwords are handed to the converter once and never kept here or stored.
 */
export class FileOpening {
  #progress = $state.raw<OpeningProgress | null>(null);
  #preview = $state.raw<PreviewLine[]>([]);
  #password = $state.raw<PasswordRequest | null>(null);
  #fileName = '';
  /** The preview has its few screens: later partials are not shown. */
  #full = false;
  #controller: AbortController | null = null;
  #answer: ((password: string | null) => void) | null = null;

  /** Progress of the file being read, once it reports any (a PDF, an EPUB); else null. */
  get progress(): OpeningProgress | null {
    return this.#progress;
  }
  /** What was read so far (a PDF's first pages, then more every few dozen pages). */
  get preview(): readonly PreviewLine[] {
    return this.#preview;
  }
  /** Set while the file waits for its password. */
  get password(): PasswordRequest | null {
    return this.#password;
  }

  /** Starts opening `fileName` (cancelling any file still being opened); returns the hooks to
   * pass to the converter. */
  begin(fileName: string): Hooks {
    this.cancel();
    const controller = new AbortController();
    this.#controller = controller;
    this.#fileName = fileName;
    this.#full = false;
    const current = () => this.#controller === controller && !controller.signal.aborted;
    // A file still being read after a moment (the first PDF also waits for pdf.js and its
    // worker to start) shows "Opening…" before its first page; a quick one never flashes it.
    setTimeout(() => {
      if (current() && !this.#progress)
        this.#progress = { fileName, done: 0, total: 0, unit: 'page' };
    }, SHOW_AFTER_MS);
    return {
      signal: controller.signal,
      onProgress: (done, total, unit = 'page') => {
        if (current()) this.#progress = { fileName, done, total, unit };
      },
      onPartial: (blocks) => {
        if (current() && !this.#full) {
          this.#preview = previewLines(blocks);
          this.#full =
            this.#preview.reduce((n, l) => n + (l.kind === 'text' ? l.text.length : 0), 0) >=
            PREVIEW_CHARS;
        }
      },
      askPassword: (retry) =>
        new Promise((resolve) => {
          if (!current()) return resolve(null);
          this.#answer = resolve;
          this.#password = { fileName, retry };
        }),
    };
  }

  /** The reader's answer to the password request: the password to try, or null (Cancel). */
  answerPassword(password: string | null): void {
    if (password === null) return this.cancel();
    const answer = this.#answer;
    this.#answer = null;
    this.#password = null;
    answer?.(password);
  }

  /** Stops the file being opened: extraction is aborted and nothing is added. */
  cancel(): void {
    this.#controller?.abort();
    const answer = this.#answer;
    this.#answer = null;
    answer?.(null);
    this.#clear();
  }

  /** Ends reading the file that `hooks` came from; true when the reader cancelled it. The
   * preview stays up (no flash of the previous document) until `finish`. */
  end(hooks: Hooks): boolean {
    if (this.#controller?.signal === hooks.signal) {
      this.#controller = null;
      this.#password = null;
      this.#answer = null;
    }
    return hooks.signal.aborted;
  }

  /** Takes the preview down: the document is open (or was not added). */
  finish(): void {
    if (!this.#controller) this.#clear();
  }

  /** The name of the file being opened ('' when none). */
  get fileName(): string {
    return this.#controller ? this.#fileName : '';
  }

  #clear(): void {
    this.#progress = null;
    this.#preview = [];
    this.#password = null;
  }
}
