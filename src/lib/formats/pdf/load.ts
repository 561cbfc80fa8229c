/**
 * PDF bytes → recorded text items per page, through pdf.js (passed in, so the browser gives the
 * modern build with its bundled worker and Node tests the legacy build).
 *
 * Safety: no eval (pdf.js 5.7 has no eval path left: its `isEvalSupported` option is gone and
 * `new Function` appears nowhere in its builds, so the CSP needs no 'unsafe-eval'); no scripting
 * (pdf.js runs a PDF's JavaScript only in its viewer with `enableScripting`, never created here);
 * fonts never installed in the page (`disableFontFace`); nothing fetched (`data` only, no range
 * or stream requests, `useWorkerFetch: false`).
 */
import type { PDFDocumentProxy, getDocument as GetDocument } from 'pdfjs-dist';
import type { TextContent, TextItem } from 'pdfjs-dist/types/src/display/api';
import type { PdfPageContent, PdfTextItem } from './lines';

/** The part of the pdf.js module this needs (`import('pdfjs-dist')` or its legacy build). */
export interface PdfJs {
  getDocument: typeof GetDocument;
}

/** Why a PDF could not be read; each comes with a message for the reader in `error`. */
export type PdfFailure = 'password-required' | 'password-wrong' | 'no-text' | 'corrupt' | 'aborted';

export interface PdfDocumentText {
  /**
   * pdf.js's fingerprints: the trailer /ID's permanent part (stable across re-saves of the same
   * PDF; pdf.js hashes the first bytes when there is no /ID), then its changing part if any.
   */
  fingerprints: string[];
  /** The Info dictionary's /Title, if any (often missing or a file name). */
  title?: string;
  pageCount: number;
  /** Every page, in order; `label` from `getPageLabels()`, else the 1-based page number. */
  pages: PdfPageContent[];
}

export type PdfLoadResult =
  { ok: true; value: PdfDocumentText } | { ok: false; error: string; reason: PdfFailure };

export interface PdfLoadOptions {
  /** A password to try first (e.g. one the reader typed). */
  password?: string;
  /**
   * Asked when a password is needed; `retry` is true after a wrong one (as `ExtractContext`).
   * Resolve the password to try, or null to give up (the result then says which case it was).
   */
  askPassword?: (retry: boolean) => Promise<string | null>;
  /** Called once per page as soon as its text is read, in page order (progressive display). */
  onPage?: (page: PdfPageContent, pageCount: number) => void;
  /** Cancels loading; the result is then `{ ok: false, reason: 'aborted' }`. */
  signal?: AbortSignal;
}

export const NO_TEXT_MESSAGE =
  'This PDF has no text to select — it is a scan. Run it through OCR first.';
const MESSAGES: Record<PdfFailure, string> = {
  'password-required': 'This PDF is protected by a password. Enter its password to open it.',
  'password-wrong': 'That password is not the right one for this PDF.',
  'no-text': NO_TEXT_MESSAGE,
  corrupt: 'This file is not a readable PDF: it is damaged or incomplete.',
  aborted: 'Opening the PDF was cancelled.',
};

function failure(reason: PdfFailure, detail?: string): PdfLoadResult {
  return {
    ok: false,
    reason,
    error: detail ? `${MESSAGES[reason]} (${detail})` : MESSAGES[reason],
  };
}

/**
 * Reads the text of every page of a PDF. Never throws for a bad file: a damaged file, a missing
 * or wrong password, a scan without text and a cancel each give `{ ok: false }` with a message.
 * `bytes` is copied (pdf.js transfers what it is given to its worker).
 */
export async function loadPdfText(
  pdfjs: PdfJs,
  bytes: Uint8Array,
  options: PdfLoadOptions = {},
): Promise<PdfLoadResult> {
  const { signal } = options;
  if (signal?.aborted) return failure('aborted');
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    password: options.password,
    disableFontFace: true,
    useWorkerFetch: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let lastAsk: 'required' | 'wrong' | null = null;
  let gaveUp = false;
  task.onPassword = (update: (password: string) => void, code: number) => {
    lastAsk = code === 2 ? 'wrong' : 'required';
    const ask = options.askPassword;
    if (!ask) {
      gaveUp = true;
      void task.destroy();
      return;
    }
    void ask(lastAsk === 'wrong').then((password) => {
      if (password === null || signal?.aborted) {
        gaveUp = true;
        void task.destroy();
      } else update(password);
    });
  };
  const onAbort = () => void task.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let pdf: PDFDocumentProxy;
    try {
      pdf = await task.promise;
    } catch (e) {
      if (signal?.aborted) return failure('aborted');
      if (gaveUp && lastAsk)
        return failure(lastAsk === 'wrong' ? 'password-wrong' : 'password-required');
      if (isPasswordError(e)) return failure(e.code === 2 ? 'password-wrong' : 'password-required');
      return failure('corrupt', errorName(e));
    }
    return await readPages(pdf, options);
  } catch (e) {
    if (signal?.aborted) return failure('aborted');
    return failure('corrupt', errorName(e));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    void task.destroy();
  }
}

async function readPages(pdf: PDFDocumentProxy, options: PdfLoadOptions): Promise<PdfLoadResult> {
  const labels = await pdf.getPageLabels().catch(() => null);
  const info = await pdf.getMetadata().catch(() => null);
  const pages: PdfPageContent[] = [];
  let characters = 0;
  // Pages are requested a few ahead of the one being recorded: each request is a round trip to
  // the worker, and waiting for one at a time left both threads idle most of the time.
  const ahead = new Map<number, Promise<PageRead>>();
  const request = (index: number) => {
    if (index < pdf.numPages && !ahead.has(index)) ahead.set(index, readPage(pdf, index));
  };
  for (let index = 0; index < pdf.numPages; index++) {
    if (options.signal?.aborted) return failure('aborted');
    for (let k = 0; k <= PAGES_AHEAD; k++) request(index + k);
    const read = await ahead.get(index)!;
    ahead.delete(index);
    if ('error' in read)
      return failure('corrupt', `page ${index + 1} cannot be read: ${read.error}`);
    const [x0, y0, x1, y1] = read.view;
    const items: PdfTextItem[] = [];
    for (const raw of read.items) {
      if (!('str' in raw)) continue;
      const item = toItem(raw, x0, y0);
      if (item) {
        items.push(item);
        characters += item.str.trim().length;
      }
    }
    const label = labels?.[index]?.trim() || String(index + 1);
    const recorded = { index, label, width: x1 - x0, height: y1 - y0, items };
    pages.push(recorded);
    options.onPage?.(recorded, pdf.numPages);
  }
  if (characters === 0) return failure('no-text');
  const title = (info?.info as { Title?: unknown } | undefined)?.Title;
  return {
    ok: true,
    value: {
      fingerprints: pdf.fingerprints.filter((f): f is string => !!f),
      title: typeof title === 'string' && title.trim() ? title.trim() : undefined,
      pageCount: pdf.numPages,
      pages,
    },
  };
}

/** Pages requested from the worker beyond the one being recorded. */
const PAGES_AHEAD = 12;

type PageRead = { view: number[]; items: TextContent['items'] } | { error: string };

/** One page's text content; its resources are released at once (only the text is kept). */
async function readPage(pdf: PDFDocumentProxy, index: number): Promise<PageRead> {
  try {
    const page = await pdf.getPage(index + 1);
    const content = await page.getTextContent();
    page.cleanup();
    return { view: page.view, items: content.items };
  } catch (e) {
    return { error: errorName(e) };
  }
}

/** A horizontal run in page coordinates; rotated runs (margin stamps, axis labels) are left out. */
function toItem(raw: TextItem, x0: number, y0: number): PdfTextItem | null {
  const [a, b, c, d, e, f] = raw.transform as number[];
  if (Math.abs(b) > 0.01 * Math.abs(a) || Math.abs(c) > 0.01 * Math.abs(d) || a <= 0 || d <= 0) {
    return null;
  }
  if (raw.str === '') return null;
  return {
    str: raw.str,
    x: e - x0,
    y: f - y0,
    width: raw.width,
    height: raw.height || Math.abs(d),
  };
}

function isPasswordError(e: unknown): e is { code: number } {
  return (
    typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'PasswordException'
  );
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.message || e.name : String(e);
}
