// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { makeEpub, makePdf } from './fixtures/pdf-epub-fixture';
import { convertPdfWith, pdfBlocks } from './pdf-convert';
import { convertEpub } from './epub-convert';
import { detectFormat } from './registry';
import { layoutBlocks } from '../model/blocks';
import { checkInvariant } from '../model/invariant-check';
import type { PdfJs } from './pdf/load';

describe('PDF and EPUB through the registry', { timeout: 30_000 }, () => {
  it('a PDF becomes paragraphs after page markers with printed labels', async () => {
    const bytes = await makePdf();
    const d = detectFormat('paper.bin', '', bytes);
    expect(d.ok && d.value.id).toBe('pdf');
    const out = await convertPdfWith(pdfjs as unknown as PdfJs)(bytes, { fileName: 'paper.pdf' });
    if (!out.ok || out.value.kind !== 'blocks') throw new Error(out.ok ? 'kind' : out.error);
    const doc = layoutBlocks(out.value.blocks);
    checkInvariant(doc);
    expect(doc.pages?.map((p) => p.label)).toEqual(['i', '12', '13']);
    expect(doc.plainText).toContain(
      'First page: the essay about reading slowly begins here and it',
    );
    expect(doc.plainText).toContain('Third page:');
  });

  it('a word hyphenated across a page break is made whole on the earlier page', () => {
    const blocks = pdfBlocks([
      { index: 0, label: '1', paragraphs: ['a split com'], joins: [], continuation: 'none' },
      { index: 1, label: '2', paragraphs: ['pound word here.'], joins: [], continuation: 'hyphen' },
    ]);
    expect(layoutBlocks(blocks).plainText).toBe('a split compound\n\nword here.');
  });

  it('an EPUB becomes chapters (TOC titles) through the sanitising HTML path', async () => {
    const bytes = makeEpub();
    const d = detectFormat('novel.epub', 'application/epub+zip', bytes);
    expect(d.ok && d.value.id).toBe('epub');
    const out = await convertEpub(bytes, { fileName: 'novel.epub' });
    if (!out.ok || out.value.kind !== 'blocks') throw new Error(out.ok ? 'kind' : out.error);
    expect(out.value.title).toBe('A Small Novel');
    const doc = layoutBlocks(out.value.blocks);
    checkInvariant(doc);
    expect(doc.chapters?.map((c) => [c.title, c.href, c.offset])).toEqual([
      ['Chapter I. Arrival', 'OEBPS/c1.xhtml', 0],
      ['Chapter II. Departure', 'OEBPS/c2.xhtml', 43],
    ]);
    expect(doc.plainText).toBe(
      'Arrival\n\nIt was a quiet evening.\n\n[A map]\n\nDeparture\n\nMorning came too soon.\n\n[A map]',
    );
  });

  it('a damaged EPUB or PDF gets a message naming the file', async () => {
    const epub = makeEpub();
    const cut = await convertEpub(epub.slice(0, 200), { fileName: 'cut.epub' });
    expect(!cut.ok && cut.error).toMatch(/^“cut\.epub”: /);
    const pdf = await makePdf();
    const bad = await convertPdfWith(pdfjs as unknown as PdfJs)(pdf.slice(0, 400), {
      fileName: 'cut.pdf',
    });
    expect(!bad.ok && bad.error).toMatch(/^“cut\.pdf”: This file is not a readable PDF/);
  });
});
