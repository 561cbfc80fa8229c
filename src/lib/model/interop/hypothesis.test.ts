import { describe, it, expect } from 'vitest';
import { parseAnnotationFile } from './index';
import { hypothesis, IMPORTED_FROM_HYPOTHESIS } from './hypothesis';
import { planImport, describeReport } from '../import-plan';
import { TextIndex } from '../text-index';
import type { Env } from '../types';
import type { ParsedImport } from '../w3c-parse';

let n = 0;
const env: Env = {
  now: () => new Date('2026-11-30T00:00:00Z'),
  uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
};
const PAGE = 'https://example.org/essay';
/** An astral character (two UTF-16 units) before a passage that occurs twice in a row: a
 * position read as code points instead of UTF-16 units lands one to the right, on “aa” again. */
const TEXT = '😀 aaaa and more text.';

/** A row as the Hypothesis API returns it; UTF-16 offsets are computed with String#indexOf. */
function row(id: string, extra: Record<string, unknown> = {}) {
  const u16 = TEXT.indexOf('aaaa');
  return {
    id,
    user: 'acct:alice@hypothes.is',
    uri: PAGE,
    text: 'A **Markdown** note',
    tags: ['Theme', 'open question'],
    created: '2026-01-02T10:00:00.000000+00:00',
    updated: '2026-01-03T10:00:00.000000+00:00',
    document: { title: ['The essay'] },
    target: [
      {
        source: PAGE,
        selector: [
          {
            type: 'RangeSelector',
            startContainer: '/p[1]',
            startOffset: 3,
            endContainer: '/p[1]',
            endOffset: 5,
          },
          {
            type: 'FragmentSelector',
            value: 'p1',
            conformsTo: 'https://tools.ietf.org/html/rfc3236',
          },
          { type: 'TextPositionSelector', start: u16, end: u16 + 2 },
          { type: 'TextQuoteSelector', exact: 'aa', prefix: '😀 ', suffix: 'aa and' },
        ],
      },
    ],
    ...extra,
  };
}

function plan(parsed: ParsedImport) {
  return planImport(parsed, {
    docId: 'urn:uuid:doc',
    index: new TextIndex(TEXT),
    existing: [],
    tags: [],
    env,
  });
}

function parse(json: unknown): ParsedImport {
  const r = parseAnnotationFile(json, env);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('Hypothesis import', () => {
  it('recognizes the API answer, a bare list of rows, a single row and JSON-LD', () => {
    expect(hypothesis.recognizes({ total: 1, rows: [row('a')] })).toBe(true);
    expect(hypothesis.recognizes([row('a'), row('b')])).toBe(true);
    expect(hypothesis.recognizes(row('a'))).toBe(true);
    expect(
      hypothesis.recognizes({ type: 'Annotation', id: 'https://hypothes.is/a/x', target: [] }),
    ).toBe(true);
    expect(hypothesis.recognizes({ type: 'Annotation', id: 'urn:uuid:x', target: {} })).toBe(false);
  });

  it('converts UTF-16 offsets to code points: an emoji before the passage does not shift it', () => {
    const p = plan(parse({ total: 1, rows: [row('AbC-1_x')] }));
    expect(p.put).toHaveLength(1);
    const a = p.put[0];
    // Code points: 😀 is one, so the passage starts at 2 (UTF-16: 3).
    expect(a.target.position).toEqual({ type: 'TextPositionSelector', start: 2, end: 4 });
    expect(a.target.quote.exact).toBe('aa');
    expect(p.report.exact).toBe(1);
  });

  it('maps text, tags, user, dates and the id; new tags are marked as imported', () => {
    const parsed = parse([row('AbC-1_x')]);
    expect(parsed.document).toEqual({ id: PAGE, title: 'The essay' });
    expect(parsed.items[0]).toMatchObject({
      id: 'https://hypothes.is/a/AbC-1_x',
      note: 'A **Markdown** note',
      tagNames: ['Theme', 'open question'],
      creator: 'alice',
      created: '2026-01-02T10:00:00.000000+00:00',
      modified: '2026-01-03T10:00:00.000000+00:00',
      source: PAGE,
    });
    const p = plan(parsed);
    expect(p.tags.map((t) => [t.name, t.definition])).toEqual([
      ['Theme', IMPORTED_FROM_HYPOTHESIS],
      ['open question', IMPORTED_FROM_HYPOTHESIS],
    ]);
    // Range and Fragment selectors are expected in Hypothesis files: no warning for them.
    expect(parsed.warnings).toEqual([]);
  });

  it('a display name wins over the account name', () => {
    const parsed = parse(row('x', { user_info: { display_name: 'Alice Liddell' } }));
    expect(parsed.items[0].creator).toBe('Alice Liddell');
  });

  it('replies land on the passage of their thread; page notes and other pages are skipped', () => {
    const reply = row('r1', { references: ['root'], text: 'I agree', target: [{ source: PAGE }] });
    const pageNote = row('pn', { target: [{ source: PAGE }] });
    const elsewhere = row('other', { uri: 'https://example.org/other' });
    const orphanReply = row('r2', { references: ['gone'], target: [{ source: PAGE }] });
    const parsed = parse({
      total: 5,
      rows: [reply, row('root'), pageNote, elsewhere, orphanReply],
    });
    expect(parsed.items.map((i) => i.id)).toEqual([
      'https://hypothes.is/a/r1',
      'https://hypothes.is/a/root',
    ]);
    expect(parsed.items[0].replyTo).toBe('https://hypothes.is/a/root');
    expect(parsed.items[0].target).toEqual(parsed.items[1].target);
    expect(parsed.invalid.map((s) => [s.index, s.reason])).toEqual([
      [3, 'page-note'],
      [4, 'other-document'],
      [5, 'invalid'],
    ]);
    expect(parsed.invalid[1].message).toBe(
      'item 4: it is on another page (https://example.org/other)',
    );
    const p = plan(parsed);
    expect(p.put.map((a) => a.target.position.start)).toEqual([2, 2]);
    expect(describeReport(p.report)).toBe(
      '2 new, 0 already present, 0 updated; 2 anchor exactly, 0 fuzzily, 0 unplaced; 3 skipped (1 on another document, 1 a page note, 1 invalid).',
    );
  });

  it('reads Hypothesis JSON-LD (W3C shape, target list) with UTF-16 positions', () => {
    const u16 = TEXT.indexOf('aaaa');
    const parsed = parse({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      id: 'https://hypothes.is/a/LoaM',
      creator: 'acct:judell@hypothes.is',
      created: '2017-04-18T22:48:46.756821+00:00',
      body: [
        { type: 'TextualBody', value: 'note\n\nmore', format: 'text/markdown' },
        { type: 'TextualBody', purpose: 'tagging', value: 'IAnnotate2017' },
      ],
      target: [
        {
          source: PAGE,
          selector: [
            {
              type: 'XPathSelector',
              value: '/p[1]',
              refinedBy: { type: 'TextPositionSelector', start: 0, end: 2 },
            },
            { type: 'TextPositionSelector', start: u16, end: u16 + 2 },
          ],
        },
      ],
    });
    expect(parsed.items[0]).toMatchObject({
      creator: 'judell',
      positionUnits: 'utf16',
      tagNames: ['IAnnotate2017'],
    });
    expect(parsed.tags).toEqual([{ name: 'IAnnotate2017', definition: IMPORTED_FROM_HYPOTHESIS }]);
    const p = plan(parsed);
    expect(p.put[0].target.position).toMatchObject({ start: 2, end: 4 });
  });

  it('refuses nothing silently: a row without any usable target says why', () => {
    const parsed = parse({
      total: 1,
      rows: [
        row('x', {
          target: [
            { source: PAGE, selector: [{ type: 'TextPositionSelector', start: -1, end: 2 }] },
          ],
        }),
      ],
    });
    expect(parsed.items).toEqual([]);
    expect(parsed.invalid[0]).toMatchObject({
      reason: 'invalid',
      message: 'item 1: TextPositionSelector start must be a whole number ≥ 0',
    });
  });
});

describe('Hypothesis import limits', () => {
  it('refuses a file with more tags than a codebook holds, naming the count', () => {
    const rows = Array.from({ length: 1001 }, (_, i) => row(`r${i}`, { tags: [`t${i}`] }));
    const r = parseAnnotationFile({ total: rows.length, rows }, env);
    expect(r).toEqual({ ok: false, error: expect.stringContaining('it uses 1001 different tags') });
  });
});
