// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { strToU8, zipSync } from 'fflate';
import { convertPdfWith, pdfBlocks } from './pdf-convert';
import { convertEpub } from './epub-convert';
import { detectFormat } from './registry';
import { layoutBlocks } from '../model/blocks';
import { checkInvariant } from '../model/invariant-check';
import type { PdfJs } from './pdf/load';

const BODY = ['First', 'Second', 'Third'].map((w) => [
  `${w} page: the essay about reading slowly begins here and`,
  `it continues (${w.toLowerCase()}) over several lines of prose,`,
  `long enough to look like the ${w.toLowerCase()} paragraph of a page,`,
  `with words that wrap at the end of each ${w.toLowerCase()} line as`,
  `text set in one column does in a ${w.toLowerCase()} scholarly article.`,
]);

/** Three pages, roman-numbered first page then arabic from 2 (PageLabels). */
async function makePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 0; n < 3; n++) {
    const page = doc.addPage([612, 792]);
    BODY[n].forEach((line, i) => page.drawText(line, { x: 54, y: 450 - 14 * i, size: 10, font }));
  }
  doc.catalog.set(
    PDFName.of('PageLabels'),
    doc.context.obj({ Nums: [0, { S: 'r' }, 1, { S: 'D', St: 12 }] }),
  );
  return doc.save();
}

function makeEpub(): Uint8Array {
  const chapter = (t: string, body: string) =>
    `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${t}</title><script>alert(1)</script></head><body><h1>${t}</h1><p>${body}</p><img src="../img/x.png" alt="A map"/></body></html>`;
  return zipSync({
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(
      `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`,
    ),
    'OEBPS/content.opf': strToU8(
      `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier><dc:title>A Small Novel</dc:title></metadata><manifest><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/><item id="c2" href="c2.xhtml" media-type="application/xhtml+xml"/></manifest><spine toc="ncx"><itemref idref="c1"/><itemref idref="c2"/></spine></package>`,
    ),
    'OEBPS/toc.ncx': strToU8(
      `<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap><navPoint id="a"><navLabel><text>Chapter I. Arrival</text></navLabel><content src="c1.xhtml"/></navPoint><navPoint id="b"><navLabel><text>Chapter II. Departure</text></navLabel><content src="c2.xhtml"/></navPoint></navMap></ncx>`,
    ),
    'OEBPS/c1.xhtml': strToU8(chapter('Arrival', 'It was a quiet evening.')),
    'OEBPS/c2.xhtml': strToU8(chapter('Departure', 'Morning came too soon.')),
  });
}

describe('PDF and EPUB through the registry', () => {
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
