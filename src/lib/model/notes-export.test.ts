import { describe, it, expect } from 'vitest';
import { toCsv, toMarkdown, csvCell } from './notes-export';
import { exportFileName } from './filenames';
import type { Annotation, DocumentMeta, Tag } from './types';

const doc: DocumentMeta = { id: 'urn:uuid:d', title: 'Café notes', format: 'text', size: 1, contentHash: 'c', created: '', opened: '', annotationCount: 3 };
const tags: Tag[] = [{ id: 't1', name: 'Claim', color: 'blue' }, { id: 't2', name: 'Key term', color: 'purple' }];
const mk = (id: string, start: number, exact: string, t: string[], note: string): Annotation => ({
  id, docId: doc.id, target: { quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start, end: start + exact.length } },
  tags: t, note, creator: 'Ана', created: '2026-11-25T09:00:00.000Z', modified: '2026-11-25T10:00:00.000Z',
});
const anns = [mk('urn:uuid:2', 50, '=SUM(A1)', [], '-1 risky'), mk('urn:uuid:1', 10, 'first line\nsecond, "quoted"', ['t1', 't2'], 'Note\nwith two lines')];
const now = new Date('2026-11-25T12:00:00Z');

describe('notes export', () => {
  it('Markdown in text order', () => {
    expect(toMarkdown(doc, anns, tags, { groupBy: 'position', now })).toBe(
      '# Café notes\n\nExported from Marginalia on 2026-11-25 — 2 annotations.\n\n> first line\n> second, "quoted"\n\n**Tags:** Claim, Key term #Claim #Key-term\n\nNote\nwith two lines\n\n*Ана, 2026-11-25*\n\n> =SUM(A1)\n\n-1 risky\n\n*Ана, 2026-11-25*\n',
    );
  });

  it('Markdown grouped by tag, untagged last', () => {
    const md = toMarkdown(doc, anns, tags, { groupBy: 'tag', now });
    expect(md.indexOf('## Claim')).toBeLessThan(md.indexOf('## Key term'));
    expect(md.indexOf('## Key term')).toBeLessThan(md.indexOf('## Untagged'));
    expect(md.match(/> first line/g)).toHaveLength(2);
  });

  it('CSV: RFC 4180 quoting, CRLF, BOM, formulas neutralised', () => {
    expect(toCsv(doc, anns, tags)).toBe(
      '\ufeffquote,tags,note,creator,created,modified,start,end,id\r\n' +
        '"first line\nsecond, ""quoted""",Claim; Key term,"Note\nwith two lines",Ана,2026-11-25T09:00:00.000Z,2026-11-25T10:00:00.000Z,10,37,urn:uuid:1\r\n' +
        "'=SUM(A1),,'-1 risky,Ана,2026-11-25T09:00:00.000Z,2026-11-25T10:00:00.000Z,50,58,urn:uuid:2\r\n",
    );
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell(-3)).toBe('-3');
  });

  it('file names are safe and dated', () => {
    expect(exportFileName('A/B: "C"?', now, 'json', 'annotations')).toBe('A B C – annotations 2026-11-25.json');
    expect(exportFileName('x'.repeat(300), now, 'csv').length).toBeLessThanOrEqual(120);
  });
});
