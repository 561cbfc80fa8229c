import { describe, expect, it } from 'vitest';
import { citeRange, fragmentSelector } from './citation';
import { layoutBlocks } from './blocks';

const pdf = layoutBlocks([
  { type: 'pageBreak', page: 1, label: '11' },
  { type: 'paragraph', content: [{ type: 'text', text: 'Alpha beta.' }] },
  { type: 'pageBreak', page: 2, label: '12' },
  { type: 'paragraph', content: [{ type: 'text', text: 'Gamma delta.' }] },
]);
const epub = layoutBlocks([
  { type: 'chapter', title: 'I. Arrival', href: 'OEBPS/c1.xhtml' },
  { type: 'paragraph', content: [{ type: 'text', text: 'Evening.' }] },
  { type: 'chapter', title: 'II. Departure', href: 'OEBPS/c2.xhtml' },
  { type: 'paragraph', content: [{ type: 'text', text: 'Morning.' }] },
]);

describe('citations', () => {
  it('name the page, the pages across a break, or the chapter', () => {
    expect(citeRange(pdf, 0, 5)).toBe('p. 11');
    expect(citeRange(pdf, 6, 18)).toBe('pp. 11–12');
    expect(citeRange(pdf, 13, 18)).toBe('p. 12');
    // A range ending exactly where page 12 starts is still on page 11.
    expect(citeRange(pdf, 0, 13)).toBe('p. 11');
    expect(citeRange(epub, 10, 15)).toBe('II. Departure');
    expect(citeRange(layoutBlocks([]), 0, 0)).toBe('');
  });

  it('give W3C FragmentSelectors: RFC 3778 page for a PDF, spine href for an EPUB', () => {
    expect(fragmentSelector(pdf, 13)).toEqual({
      type: 'FragmentSelector',
      conformsTo: 'http://tools.ietf.org/rfc/rfc3778',
      value: 'page=2',
    });
    expect(fragmentSelector(epub, 0)).toEqual({
      type: 'FragmentSelector',
      value: 'OEBPS/c1.xhtml',
    });
  });
});

describe('citations in exports', () => {
  it('W3C export carries the FragmentSelector beside both text selectors; Markdown and CSV cite', async () => {
    const { serializeCollection } = await import('./w3c');
    const { toMarkdown, toCsv } = await import('./notes-export');
    const meta = {
      id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
      title: 'Paper',
      format: 'pdf',
      size: 1,
      contentHash: 'a'.repeat(64),
      created: '2026-01-01T00:00:00Z',
      opened: '2026-01-01T00:00:00Z',
      annotationCount: 1,
    };
    const a = {
      id: 'urn:uuid:00000000-0000-4000-8000-000000000002',
      docId: meta.id,
      target: {
        quote: {
          type: 'TextQuoteSelector' as const,
          exact: 'beta.\n\nGamma',
          prefix: 'Alpha ',
          suffix: ' delta.',
        },
        position: { type: 'TextPositionSelector' as const, start: 6, end: 18 },
      },
      tags: [],
      note: '',
      creator: 'Me',
      created: '2026-01-01T00:00:00Z',
      modified: '2026-01-01T00:00:00Z',
    };
    const json = serializeCollection(meta, [a], [], {
      generatedAt: new Date(0),
      locate: (s) => fragmentSelector(pdf, s),
    }) as { first: { items: { target: { selector: { type: string; value?: string }[] } }[] } };
    const selectors = json.first.items[0].target.selector;
    expect(selectors.map((s) => s.type)).toEqual([
      'TextQuoteSelector',
      'TextPositionSelector',
      'FragmentSelector',
    ]);
    expect(selectors[2].value).toBe('page=1');
    // Import reads the text selectors and takes the fragment only as a hint.
    const { parseW3C } = await import('./w3c-parse');
    const back = parseW3C(JSON.parse(JSON.stringify(json)));
    if (!back.ok) throw new Error(back.error);
    expect(back.value.invalid).toEqual([]);
    expect(back.value.items).toHaveLength(1);
    const cite = () => 'pp. 11–12';
    expect(toMarkdown(meta, [a], [], { groupBy: 'position', now: new Date(0), cite })).toContain(
      '(pp. 11–12)',
    );
    const csv = toCsv(meta, [a], [], cite).split('\r\n');
    expect(csv[0].endsWith(',location')).toBe(true);
    expect(csv[1].endsWith(',pp. 11–12')).toBe(true);
  });
});
