import { docxToHtml } from './docx-mammoth';

/** The DOCX conversion worker: bytes in, HTML out. Untrusted files are converted here so a
 * pathological one can be stopped (terminated) without freezing the page. */
self.onmessage = async (e: MessageEvent<Uint8Array>) => {
  self.postMessage(await docxToHtml(e.data));
};
