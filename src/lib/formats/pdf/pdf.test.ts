/**
 * Real PDFs written in the test with pdf-lib, read by pdf.js (legacy build, as in Node) and laid
 * out: two columns, a hyphenated line end, a running header, page numbers, page labels.
 */
import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { loadPdfText, NO_TEXT_MESSAGE } from './load';
import { layoutPages } from './layout';

const LEFT = [
  'the left column opens the article with a first',
  'paragraph that runs over several lines of text,',
  'long enough to look like a column of prose, and',
  'it ends with a word that is hyphenated at the',
  'end of its line, a word such as com-',
  'pile, which the reader should see whole again.',
];
const RIGHT = [
  'the right column follows the left one and the',
  'reader must only reach it after the left column',
  'has ended, never line by line across the page,',
  'which is what a naive extraction would give for',
  'a page that is set in two columns like this one.',
];

async function makePdf(options: { labels?: boolean; script?: boolean } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 0; n < 3; n++) {
    const page = doc.addPage([612, 792]);
    page.drawText('JOURNAL OF GENERATED DOCUMENTS', { x: 200, y: 750, size: 9, font });
    const word = ['One', 'Two', 'Three'][n];
    const left = [`${word}: ${LEFT[0]}`, ...LEFT.slice(1)];
    const right = [`${word}: ${RIGHT[0]}`, ...RIGHT.slice(1)];
    left.forEach((line, i) => page.drawText(line, { x: 54, y: 700 - 14 * i, size: 10, font }));
    right.forEach((line, i) => page.drawText(line, { x: 320, y: 700 - 14 * i, size: 10, font }));
    page.drawText(`Page ${n + 1} body text.`, { x: 54, y: 500, size: 10, font });
    page.drawText(String(n + 1), { x: 300, y: 40, size: 9, font });
  }
  if (options.labels) {
    const nums = [0, { S: 'r' }, 2, { S: 'D' }];
    doc.catalog.set(PDFName.of('PageLabels'), doc.context.obj({ Nums: nums }));
  }
  if (options.script) {
    const action = doc.context.obj({
      Type: 'Action',
      S: 'JavaScript',
      JS: PDFString.of('globalThis.pdfScriptRan = true; app.alert("ran");'),
    });
    doc.catalog.set(PDFName.of('OpenAction'), action);
  }
  return doc.save();
}

describe('loadPdfText + layoutPages on a PDF made in the test', () => {
  it('reads columns in order, joins the hyphenated word and drops header and page numbers', async () => {
    const pages: number[] = [];
    const result = await loadPdfText(pdfjs, await makePdf(), {
      onPage: (page, total) => pages.push(page.index, total),
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(pages).toEqual([0, 3, 1, 3, 2, 3]);
    expect(result.value.fingerprints[0]).toMatch(/^[0-9a-f]+$/);
    const laid = layoutPages(result.value.pages);
    expect(laid.map((p) => p.label)).toEqual(['1', '2', '3']);
    const text = laid[0].paragraphs.join('\n');
    expect(text).toContain('a word such as compile, which the reader should see whole again.');
    expect(text.indexOf('see whole again')).toBeLessThan(text.indexOf('One: the right column'));
    expect(text).toContain('which is what a naive extraction would give for a page');
    expect(text).not.toMatch(/JOURNAL|^\d$/m);
    expect(laid[0].joins).toHaveLength(1);
    expect(laid[1].paragraphs.join(' ')).toContain('Page 2 body text.');
  });

  it('names pages by their printed labels', async () => {
    const result = await loadPdfText(pdfjs, await makePdf({ labels: true }));
    expect(result.ok && result.value.pages.map((p) => p.label)).toEqual(['i', 'ii', '1']);
  });

  it('never runs a JavaScript action', async () => {
    const result = await loadPdfText(pdfjs, await makePdf({ script: true }));
    expect(result.ok).toBe(true);
    expect((globalThis as { pdfScriptRan?: boolean }).pdfScriptRan).toBeUndefined();
  });

  it('refuses a page without text as a scan', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([300, 300]).drawRectangle({ x: 10, y: 10, width: 100, height: 100 });
    const result = await loadPdfText(pdfjs, await doc.save());
    expect(result).toEqual({ ok: false, reason: 'no-text', error: NO_TEXT_MESSAGE });
  });

  it('refuses bytes that are not a PDF, and a truncated one, with a clear message', async () => {
    const junk = await loadPdfText(pdfjs, new TextEncoder().encode('hello, not a pdf at all'));
    expect(junk).toMatchObject({ ok: false, reason: 'corrupt' });
    const bytes = await makePdf();
    for (const end of [400, Math.round(bytes.length / 2)]) {
      const cut = await loadPdfText(pdfjs, bytes.slice(0, end));
      expect(cut).toMatchObject({ ok: false, reason: 'corrupt' });
      if (!cut.ok) expect(cut.error).toMatch(/^This file is not a readable PDF: it is damaged/);
    }
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const result = await loadPdfText(pdfjs, await makePdf(), {
      signal: controller.signal,
      onPage: () => controller.abort(),
    });
    expect(result).toMatchObject({ ok: false, reason: 'aborted' });
  });
});
