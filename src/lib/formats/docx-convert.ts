import type { Result } from '../model/types';
import type { Converter, Extracted } from './types';
import type { DocxOutcome } from './docx-mammoth';
import { sanitizedBlocks } from './html-convert';

/** A conversion taking longer than this is stopped (a hostile or pathological file). */
export const DOCX_TIME_LIMIT_MS = 30_000;

/** Runs mammoth in a worker with a time limit; where there is no Worker (Node tests), inline. */
async function toHtml(bytes: Uint8Array, signal?: AbortSignal): Promise<DocxOutcome | 'timeout'> {
  if (typeof Worker === 'undefined') {
    const { docxToHtml } = await import('./docx-mammoth');
    return docxToHtml(bytes);
  }
  const worker = new Worker(new URL('./docx-worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise<DocxOutcome | 'timeout'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), DOCX_TIME_LIMIT_MS);
      signal?.addEventListener('abort', () => resolve('timeout'));
      worker.onmessage = (e: MessageEvent<DocxOutcome>) => {
        clearTimeout(timer);
        resolve(e.data);
      };
      worker.onerror = () => {
        clearTimeout(timer);
        resolve({ ok: false, error: 'damaged' });
      };
      worker.postMessage(bytes);
    });
  } finally {
    worker.terminate();
  }
}

export const convertDocx: Converter = async (bytes, ctx): Promise<Result<Extracted>> => {
  const name = ctx.fileName;
  const out = await toHtml(bytes, ctx.signal);
  if (out === 'timeout')
    return {
      ok: false,
      error: `“${name}” took too long to convert (over ${DOCX_TIME_LIMIT_MS / 1000} s) and was stopped. It may be damaged; try saving it again from Word.`,
    };
  if (!out.ok)
    return {
      ok: false,
      error:
        out.error === 'not-docx'
          ? `“${name}” is a ZIP archive but not a Word document (it has no word/document.xml).`
          : `“${name}” is damaged or incomplete: it could not be read as a Word document. Try saving it again from Word.`,
    };
  const blocks = sanitizedBlocks(out.value.html, { notes: true });
  if (!blocks.length)
    return { ok: false, error: `“${name}” is a Word document with no text to read.` };
  return { ok: true, value: { kind: 'blocks', blocks, leftOut: out.value.leftOut } };
};
