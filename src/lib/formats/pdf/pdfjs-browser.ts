/**
 * pdf.js for the browser: the modern build, with its worker bundled by Vite (`?worker` emits it
 * as an app asset, so it is precached for offline use, allowed by `worker-src 'self'`, and never
 * fetched from elsewhere). Import this module lazily (`await import(...)`) when a PDF is opened,
 * so pdf.js stays out of the initial bundle. Node tests pass `pdfjs-dist/legacy/build/pdf.mjs`
 * to `loadPdfText` instead.
 */
import * as pdfjs from 'pdfjs-dist';
import PdfWorker from 'pdfjs-dist/build/pdf.worker.min.mjs?worker';
import type { PdfJs } from './load';

let worker: Worker | null = null;

/** The pdf.js module, its shared worker started on first use. */
export function browserPdfJs(): PdfJs {
  if (!worker) {
    worker = new PdfWorker();
    pdfjs.GlobalWorkerOptions.workerPort = worker;
  }
  return pdfjs;
}
