// Shapes other tools write in W3C JSON: refinements (spec Example 29), Recogito's exports, the
// spec's collection of mixed targets, and the report that counts skips by reason.
import { describe, it, expect } from 'vitest';
import { parseAnnotationFile } from './index';
import { planImport, describeReport } from '../import-plan';
import { skipLines } from '../import-skips';
import { QUOTE_ONLY, RELATIVE_POSITION } from '../import-selectors';
import { TextIndex } from '../text-index';
import type { Env } from '../types';
import type { ParsedImport } from '../w3c-parse';

let n = 0;
const env: Env = {
  now: () => new Date('2026-11-30T00:00:00Z'),
  uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
};
const CTX = 'http://www.w3.org/ns/anno.jsonld';

const parse = (json: unknown): ParsedImport => {
  const r = parseAnnotationFile(json, env);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const plan = (parsed: ParsedImport, text: string) =>
  planImport(parsed, {
    docId: 'urn:uuid:d',
    index: new TextIndex(text),
    existing: [],
    tags: [],
    env,
  });

describe('refined selectors', () => {
  const TEXT = 'Selected Text first. text before the Selected Text and text after it';

  it('a FragmentSelector refined by a TextQuoteSelector anchors by the quote (Example 29)', () => {
    const parsed = parse({
      '@context': CTX,
      id: 'http://example.org/anno29',
      type: 'Annotation',
      body: 'http://example.org/comment1',
      target: {
        source: 'http://example.org/page1',
        selector: {
          type: 'FragmentSelector',
          value: 'para5',
          refinedBy: {
            type: 'TextQuoteSelector',
            exact: 'Selected Text',
            prefix: 'text before the ',
            suffix: ' and text after it',
          },
        },
      },
    });
    const p = plan(parsed, TEXT);
    // The second copy: its context decides, over the whole text.
    expect(p.put[0].target.position).toMatchObject({ start: 37, end: 50 });
    expect(p.report.warnings).toContain(`${QUOTE_ONLY} (item 1)`);
  });

  it('a refining TextPositionSelector is never read as a document offset', () => {
    const relative = (selector: unknown) =>
      parse({
        '@context': CTX,
        id: 'urn:x:1',
        type: 'Annotation',
        target: { source: 'x', selector },
      });
    const onlyRelative = relative({
      type: 'FragmentSelector',
      value: 'xpointer(/doc/body/section[2]/para[1])',
      refinedBy: { type: 'TextPositionSelector', start: 6, end: 27 },
    });
    const p = plan(onlyRelative, TEXT);
    expect(p.report.unplaced).toBe(1);
    expect(p.put[0].target.position).toMatchObject({ start: 0, end: 0 });
    expect(p.report.warnings).toContain(`${RELATIVE_POSITION} (item 1)`);

    // With a quote of its own, the quote places it.
    const withQuote = relative([
      {
        type: 'XPathSelector',
        value: '/p[2]',
        refinedBy: { type: 'TextPositionSelector', start: 0, end: 5 },
      },
      { type: 'TextQuoteSelector', exact: 'text after' },
    ]);
    expect(plan(withQuote, TEXT).put[0].target.position).toMatchObject({ start: 55, end: 65 });
  });

  it('a quote given as a JSON-LD value object, in a second target (Europeana)', () => {
    const parsed = parse({
      motivation: 'highlighting',
      body: 'http://debias.example.org/term/xpto',
      target: [
        {
          source: 'http://data.europeana.eu/item/x',
          selector: {
            type: 'RDFStatementSelector',
            hasPredicate: 'dc:title',
            refinedBy: {
              type: 'TextQuoteSelector',
              exact: { '@value': 'first', '@language': 'en' },
            },
          },
        },
      ],
    });
    expect(parsed.items[0].target.quote).toMatchObject({ exact: 'first', prefix: '', suffix: '' });
  });
});

describe('Recogito exports', () => {
  const TEXT = 'Homer: The OdysseyTell me, O muse, of Troy and of Ithaca; then home.';
  const ids = ['ce0ed291-766b-4763-8e91-90ce1d04e706', '447d4bea-08dc-4bd0-ae51-31f5ed7a95a0'];
  const file = [
    {
      '@context': CTX,
      id: `#${ids[0]}`,
      type: 'Annotation',
      body: [
        { type: 'TextualBody', value: 'This is a comment' },
        { type: 'TextualBody', value: 'A Tag', purpose: 'tagging' },
        { type: 'TextualBody', value: 'said', purpose: 'commenting' },
      ],
      target: {
        selector: [
          { type: 'TextQuoteSelector', exact: 'Troy' },
          { type: 'TextPositionSelector', start: 38, end: 42 },
        ],
      },
    },
    {
      '@context': CTX,
      id: `#${ids[1]}`,
      type: 'Annotation',
      body: [],
      // A target list, and a position one character longer than the quote (“Ithaca;”).
      target: [
        {
          id: 'x',
          annotation: ids[1],
          selector: [
            { type: 'TextQuoteSelector', exact: 'Ithaca' },
            { type: 'TextPositionSelector', start: 50, end: 57 },
          ],
        },
      ],
    },
    {
      '@context': CTX,
      id: '#9ba844a7-e8ec-4127-ad12-1f7f16a240c6',
      type: 'Annotation',
      motivation: 'linking',
      body: [{ type: 'TextualBody', value: 'isRelatedTo', purpose: 'tagging' }],
      target: [{ id: `#${ids[0]}` }, { id: `#${ids[1]}` }],
    },
  ];

  it('imports whole: #uuid ids, tagging and commenting bodies, object or list targets', () => {
    const parsed = parse(file);
    expect(parsed.items.map((i) => i.id)).toEqual(ids.map((u) => `urn:uuid:${u}`));
    expect(parsed.items[0]).toMatchObject({
      tagNames: ['A Tag'],
      note: 'This is a comment\n\nsaid',
    });
    const p = plan(parsed, TEXT);
    expect(p.put.map((a) => a.target.quote.exact)).toEqual(['Troy', 'Ithaca']);
    expect(p.put[1].target.position).toMatchObject({ start: 50, end: 56 });
    expect(p.report.warnings).toContain(
      'the position did not fit the quote, so the quote was trusted (item 2)',
    );
  });

  it('skips the linking annotation with its reason, and a second import adds nothing', () => {
    const parsed = parse(file);
    expect(parsed.invalid).toEqual([
      {
        index: 3,
        reason: 'linking',
        message:
          'item 3: a linking annotation (it relates other annotations, not a passage of text)',
      },
    ]);
    const first = plan(parsed, TEXT);
    const again = planImport(parse(file), {
      docId: 'urn:uuid:d',
      index: new TextIndex(TEXT),
      existing: first.put,
      tags: first.tags,
      env,
    });
    expect(again.put).toEqual([]);
    expect(again.report.present).toBe(2);
  });

  it('refuses Recogito’s internal (non-W3C) format by name', () => {
    const r = parseAnnotationFile(
      [
        {
          id: 'a',
          bodies: [],
          target: { annotation: 'a', selector: [{ quote: 'x', start: 1, end: 2 }] },
        },
      ],
      env,
    );
    expect(r).toEqual({
      ok: false,
      error: expect.stringContaining('Recogito’s internal annotation format'),
    });
  });
});

describe('the import report', () => {
  it('one line per reason, with counts, for a collection of mixed targets', () => {
    const TEXT = 'this is an anotation that has some';
    const items = [
      { type: 'Annotation', id: 'urn:x:1', target: 'http://example.com/image1.jpg' },
      {
        type: 'Annotation',
        id: 'urn:x:2',
        target: {
          source: 'http://example.com/video',
          selector: { type: 'FragmentSelector', value: 't=30,60' },
        },
      },
      {
        type: 'Annotation',
        id: 'urn:x:3',
        target: {
          source: 'http://example.com/page',
          selector: { type: 'TextQuoteSelector', exact: 'anotation' },
        },
      },
      { type: 'Annotation', id: 'urn:x:4', motivation: 'linking', target: [{ id: 'urn:x:1' }] },
      { type: 'Annotation', id: 'urn:x:5' },
      {
        type: 'Annotation',
        id: 'urn:x:6',
        target: { source: 'x', selector: { type: 'TextPositionSelector', start: 0, end: 999 } },
      },
    ];
    const parsed = parse({
      '@context': CTX,
      type: 'AnnotationCollection',
      total: 6,
      first: { type: 'AnnotationPage', items },
    });
    const p = plan(parsed, TEXT);
    expect(skipLines(p.report.invalid)).toEqual([
      '2 not a text selector',
      '1 a linking annotation',
      '2 invalid',
    ]);
    expect(describeReport(p.report)).toBe(
      '1 new, 0 already present, 0 updated; 1 anchor exactly, 0 fuzzily, 0 unplaced; 5 skipped (2 not a text selector, 1 a linking annotation, 2 invalid).',
    );
  });
});
