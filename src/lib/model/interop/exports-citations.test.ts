// Exports for other tools cite pages of a PDF and chapters of an EPUB (issue #12), the way the
// sidebar card does: the same `citeRange` over the same laid-out blocks.
import { describe, expect, it } from 'vitest';
import { layoutBlocks, type DraftBlock } from '../blocks';
import { citeRange, pageAt } from '../citation';
import { describeRange } from '../selectors';
import { TextIndex } from '../text-index';
import type { Annotation, DocumentMeta, ParsedDocument } from '../types';
import type { ExportInput } from './format';
import { parseReadwiseCsv, toReadwiseCsv } from './readwise';
import { toObsidian } from './obsidian';
import { zoteroNote } from './zotero';

const para = (text: string): DraftBlock => ({
  type: 'paragraph',
  content: [{ type: 'text', text }],
});
const PDF = layoutBlocks([
  { type: 'pageBreak', page: 1, label: 'xi' },
  para('Front matter of the reader.'),
  { type: 'pageBreak', page: 2, label: '12' },
  para('The essay begins on page twelve.'),
  para('It runs over the page'),
  { type: 'pageBreak', page: 3, label: '13' },
  para('and ends on page thirteen.'),
]);
const EPUB = layoutBlocks([
  { type: 'chapter', title: 'I. Arrival', href: 'c1.xhtml' },
  para('Evening fell.'),
  { type: 'chapter', title: 'II. Departure', href: 'c2.xhtml' },
  para('Morning came too soon.'),
]);

function input(parsed: ParsedDocument, quotes: string[]): ExportInput {
  const index = new TextIndex(parsed.plainText);
  const doc: DocumentMeta = {
    id: 'urn:uuid:6a2f41a3-c54c-4a1c-8f3a-2b1e0c9d8e7f',
    title: 'Reader',
    format: parsed.pages ? 'pdf' : 'epub',
    size: 1,
    contentHash: 'a'.repeat(64),
    created: '2026-11-01T10:00:00.000Z',
    opened: '2026-11-01T10:00:00.000Z',
    annotationCount: quotes.length,
  };
  const annotations: Annotation[] = quotes.map((q, i) => {
    const start = [...parsed.plainText.slice(0, parsed.plainText.indexOf(q))].length;
    return {
      id: `urn:uuid:00000000-0000-4000-8000-00000000000${i + 1}`,
      docId: doc.id,
      target: describeRange(index, start, start + [...q].length),
      tags: [],
      note: `note ${i + 1}`,
      creator: 'Ana',
      created: '2026-11-02T09:30:00.000Z',
      modified: '2026-11-03T09:30:00.000Z',
    };
  });
  return {
    doc,
    annotations,
    tags: [],
    text: parsed.plainText,
    now: new Date('2026-11-30T12:00:00Z'),
    pageAt: (o) => pageAt(parsed, o)?.page,
    cite: (s, e) => citeRange(parsed, s, e),
  };
}

describe('exports cite pages and chapters', () => {
  const pdf = input(PDF, ['Front matter', 'begins on page twelve', 'over the page\n\nand ends']);
  const epub = input(EPUB, ['Evening fell', 'Morning came']);

  it('Obsidian: each callout is titled with its printed page(s) or its chapter', () => {
    const md = toObsidian(pdf);
    expect(md).toContain('> [!quote] p. xi\n');
    expect(md).toContain('> [!quote] p. 12\n');
    expect(md).toContain('> [!quote] pp. 12–13\n');
    const book = toObsidian(epub);
    expect(book).toContain('> [!quote] I. Arrival · Paragraph 1\n');
    expect(book).toContain('> [!quote] II. Departure · Paragraph 2\n');
  });

  it('Zotero: the note names the page(s) or the chapter of each annotation', () => {
    expect(zoteroNote(pdf)).toContain('<em>pp. 12–13 · Ana, 2026-11-03</em>');
    expect(zoteroNote(pdf)).toContain('<em>p. xi · Ana');
    expect(zoteroNote(epub)).toContain('<em>II. Departure · paragraph 2 · Ana');
  });

  it('Readwise: Location is the physical page (a number, in reading order)', () => {
    const rows = parseReadwiseCsv(toReadwiseCsv(pdf));
    if (!rows.ok) throw new Error(rows.error);
    expect(rows.value.map((r) => r.location)).toEqual([1, 2, 2]);
  });
});
