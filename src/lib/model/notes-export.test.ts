import { describe, it, expect } from 'vitest';
import { toCsv, toMarkdown, csvCell, hashtag, neutralizeLine } from './notes-export';
import { exportFileName, localDay } from './filenames';
import type { Annotation, DocumentMeta, Tag } from './types';
import { layoutBlocks } from './blocks';
import { citeRange } from './citation';

const doc: DocumentMeta = {
  id: 'urn:uuid:d',
  title: 'Café notes',
  format: 'text',
  size: 1,
  contentHash: 'c',
  created: '',
  opened: '',
  annotationCount: 3,
};
const tags: Tag[] = [
  { id: 't1', name: 'Claim', color: 'blue' },
  { id: 't2', name: 'Key term', color: 'purple' },
];
const mk = (
  id: string,
  start: number,
  exact: string,
  t: string[],
  note: string,
  creator = 'Ана',
): Annotation => ({
  id,
  docId: doc.id,
  target: {
    quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start, end: start + [...exact].length },
  },
  tags: t,
  note,
  creator,
  created: '2026-11-25T09:00:00.000Z',
  modified: '2026-11-25T10:00:00.000Z',
});
const anns = [
  mk(
    'urn:uuid:3',
    70,
    '# not a heading\n---',
    ['t2'],
    '## Not a section\n```\n> not a quote\n<script>alert(1)</script>\n- a list stays a list',
    'B*o*b',
  ),
  mk('urn:uuid:2', 50, '=SUM(A1)', [], '-1 risky'),
  mk(
    'urn:uuid:1',
    10,
    'first line\nsecond, "quoted" 👩‍👩‍👧 مرحبا',
    ['t1', 't2'],
    'Note\r\nwith two lines',
  ),
];
// Midday UTC: the same calendar day in every time zone from UTC−11 to UTC+11.
const now = new Date('2026-11-25T12:00:00Z');

describe('Markdown notes', () => {
  it('in text order: quotes line by line, tags with hashtags, notes as plain paragraphs', () => {
    expect(toMarkdown(doc, anns, tags, { groupBy: 'position', now })).toBe(
      [
        '# Café notes',
        '',
        'Exported from Marginalia on 2026-11-25 — 3 annotations.',
        '',
        '> first line',
        '> second, "quoted" 👩‍👩‍👧 مرحبا',
        '',
        '**Tags:** Claim, Key term #claim #key-term',
        '',
        'Note',
        'with two lines',
        '',
        '*Ана, 2026-11-25*',
        '',
        '> =SUM(A1)',
        '',
        '-1 risky',
        '',
        '*Ана, 2026-11-25*',
        '',
        '> \\# not a heading',
        '> \\---',
        '',
        '**Tags:** Key term #key-term',
        '',
        '\\## Not a section',
        '\\```',
        '\\> not a quote',
        '\\<script>alert(1)</script>',
        '- a list stays a list',
        '',
        '*B\\*o\\*b, 2026-11-25*',
        '',
      ].join('\n'),
    );
  });

  it('grouped by tag: an annotation under each of its tags, Untagged last', () => {
    const md = toMarkdown(doc, anns.slice(1), tags, { groupBy: 'tag', now });
    expect(md).toBe(
      '# Café notes\n\nExported from Marginalia on 2026-11-25 — 2 annotations.\n\n' +
        '## Claim\n\n> first line\n> second, "quoted" 👩‍👩‍👧 مرحبا\n\n**Tags:** Claim, Key term #claim #key-term\n\nNote\nwith two lines\n\n*Ана, 2026-11-25*\n\n' +
        '## Key term\n\n> first line\n> second, "quoted" 👩‍👩‍👧 مرحبا\n\n**Tags:** Claim, Key term #claim #key-term\n\nNote\nwith two lines\n\n*Ана, 2026-11-25*\n\n' +
        '## Untagged\n\n> =SUM(A1)\n\n-1 risky\n\n*Ана, 2026-11-25*\n',
    );
  });

  it('an empty document still has its title and date', () => {
    expect(toMarkdown(doc, [], tags, { groupBy: 'tag', now })).toBe(
      '# Café notes\n\nExported from Marginalia on 2026-11-25 — 0 annotations.\n',
    );
  });

  it('neutralises structure only', () => {
    expect(
      [
        '# h',
        '   > q',
        '***',
        '=',
        '~~~js',
        'plain #not-heading',
        '* item',
        '1. item',
        '    code',
      ].map(neutralizeLine),
    ).toEqual([
      '\\# h',
      '   \\> q',
      '\\***',
      '\\=',
      '\\~~~js',
      'plain #not-heading',
      '* item',
      '1. item',
      '    code',
    ]);
    expect(['Key term', 'Ключевое слово', '1984', 'a&b', '  '].map(hashtag)).toEqual([
      '#key-term',
      '#ключевое-слово',
      '',
      '#ab',
      '',
    ]);
  });
});

describe('CSV notes', () => {
  it('RFC 4180 quoting, CRLF, BOM, text order, formulas neutralised', () => {
    expect(toCsv(doc, anns, tags)).toBe(
      '\ufeffquote,tags,note,creator,created,modified,start,end,id\r\n' +
        '"first line\nsecond, ""quoted"" 👩‍👩‍👧 مرحبا",Claim; Key term,"Note\r\nwith two lines",Ана,2026-11-25T09:00:00.000Z,2026-11-25T10:00:00.000Z,10,49,urn:uuid:1\r\n' +
        "'=SUM(A1),,'-1 risky,Ана,2026-11-25T09:00:00.000Z,2026-11-25T10:00:00.000Z,50,58,urn:uuid:2\r\n" +
        '"# not a heading\n---",Key term,"## Not a section\n```\n> not a quote\n<script>alert(1)</script>\n- a list stays a list",B*o*b,2026-11-25T09:00:00.000Z,2026-11-25T10:00:00.000Z,70,89,urn:uuid:3\r\n',
    );
  });

  it('cells', () => {
    expect(
      ['@cmd', '+1', '\tx', '\rx', 'a,b', 'say "hi"', 'plain', '', '=1,"2"'].map(csvCell),
    ).toEqual([
      "'@cmd",
      "'+1",
      "'\tx",
      `"'\rx"`,
      '"a,b"',
      '"say ""hi"""',
      'plain',
      '',
      `"'=1,""2"""`,
    ]);
    expect(csvCell(-3)).toBe('-3');
    expect(toCsv(doc, [], tags)).toBe(
      '\ufeffquote,tags,note,creator,created,modified,start,end,id\r\n',
    );
  });
});

describe('export file names', () => {
  it('safe characters, dated, at most 120 characters and 240 bytes', () => {
    expect(exportFileName('Sample interview', now, 'json', 'annotations')).toBe(
      'Sample interview – annotations 2026-11-25.json',
    );
    expect(exportFileName('A/B: "C"? <d> | e\\f*\u0007', now, 'json', 'annotations')).toBe(
      'A B C d e f – annotations 2026-11-25.json',
    );
    expect(exportFileName('evil\u202egnp.exe', now, 'md')).toBe('evil gnp.exe 2026-11-25.md');
    expect(exportFileName('...', now, 'csv')).toBe('Untitled 2026-11-25.csv');
    const long = exportFileName('x'.repeat(300), now, 'csv', 'notes');
    expect(long.length).toBe(120);
    expect(long.endsWith('x – notes 2026-11-25.csv')).toBe(true);
    const cjk = exportFileName('漢'.repeat(200), now, 'json');
    expect(new TextEncoder().encode(cjk).length).toBeLessThanOrEqual(240);
    const emoji = exportFileName('👋'.repeat(100), now, 'json');
    expect(emoji).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(emoji.length).toBeLessThanOrEqual(120);
  });

  it('uses the reader’s calendar day', () => {
    const d = new Date(2026, 0, 2, 0, 30);
    expect(localDay(d)).toBe('2026-01-02');
  });
});

describe('citations in the Markdown and CSV exports (issue #12)', () => {
  const pdf = layoutBlocks([
    { type: 'pageBreak', page: 1, label: '12' },
    { type: 'paragraph', content: [{ type: 'text', text: 'Alpha beta.' }] },
    { type: 'pageBreak', page: 2, label: '13' },
    { type: 'paragraph', content: [{ type: 'text', text: 'Gamma delta.' }] },
  ]);
  const cite = (a: Annotation) => citeRange(pdf, a.target.position.start, a.target.position.end);
  const onPdf = [mk('p1', 0, 'Alpha', [], 'one'), mk('p2', 6, 'beta.\n\nGamma', [], 'two')];

  it('Markdown names each quote’s page(s)', () => {
    const md = toMarkdown(doc, onPdf, tags, { groupBy: 'position', now: new Date(), cite });
    expect(md).toContain('> Alpha\n\n(p. 12)');
    expect(md).toContain('(pp. 12–13)');
  });

  it('CSV adds a location column only for documents with pages or chapters', () => {
    const rows = toCsv(doc, onPdf, tags, cite).slice(1).split('\r\n');
    expect(rows[0].endsWith(',id,location')).toBe(true);
    expect(rows[1].endsWith(',p. 12')).toBe(true);
    expect(rows[2].endsWith(',pp. 12–13')).toBe(true);
    expect(
      toCsv(doc, onPdf, tags, () => '')
        .slice(1)
        .split('\r\n')[0]
        .endsWith(',id'),
    ).toBe(true);
  });
});
