import { describe, it, expect } from 'vitest';
import { parseW3C } from './w3c';
import type { Env } from './types';

let n = 0;
const env: Env = {
  now: () => new Date('2026-11-25T09:00:00Z'),
  uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
};

describe('W3C files from other tools', () => {
  const q = (exact: string) => ({ type: 'TextQuoteSelector', exact });
  const parse = (json: unknown) => {
    const r = parseW3C(json, env);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };

  it('a single annotation with bodyValue, no id, no created', () => {
    const v = parse({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      bodyValue: 'hi',
      target: { source: 'http://x/doc', selector: q('war') },
    });
    expect(v.items[0]).toMatchObject({
      note: 'hi',
      created: '2026-11-25T09:00:00.000Z',
      modified: '2026-11-25T09:00:00.000Z',
      creator: 'Unknown reader',
      source: 'http://x/doc',
    });
    expect(v.items[0].id).toMatch(/^urn:uuid:00000000-0000-4000-8000-\d{12}$/);
    expect(v.items[0].target).toEqual({
      quote: { type: 'TextQuoteSelector', exact: 'war', prefix: '', suffix: '' },
    });
  });

  it('an array, a page and a collection with an embedded page; bare UUID ids become urn:uuid', () => {
    const a = {
      type: 'Annotation',
      id: '6A2F41A3-C54C-4A1C-8F3A-2B1E0C9D8E7F',
      target: { selector: q('war') },
    };
    const b = {
      type: 'Annotation',
      id: 'http://example.org/anno/2',
      target: { selector: [q('bloody')] },
    };
    expect(parse([a, b]).items.map((i) => i.id)).toEqual([
      'urn:uuid:6a2f41a3-c54c-4a1c-8f3a-2b1e0c9d8e7f',
      'http://example.org/anno/2',
    ]);
    expect(parse({ type: 'AnnotationPage', items: [a, b] }).items).toHaveLength(2);
    const coll = parse({
      type: 'AnnotationCollection',
      label: 'Their doc',
      total: 3,
      first: {
        type: 'AnnotationPage',
        items: [a],
        next: { type: 'AnnotationPage', items: [b], next: 'http://x/page3' },
      },
    });
    expect(coll.items).toHaveLength(2);
    expect(coll.document).toEqual({ title: 'Their doc' });
    expect(coll.warnings).toEqual([
      'later pages of the collection are not included in this file; only the annotations present were read',
    ]);
    expect(parse({ type: 'AnnotationCollection', total: 0 }).items).toEqual([]);
  });

  it('quote-only and position-only targets; bodies by purpose; creators in all forms', () => {
    const v = parse([
      {
        type: 'Annotation',
        creator: [{ type: 'Person', nickname: 'ana' }, 'b'],
        target: { selector: { type: 'TextPositionSelector', start: 0, end: 6 } },
        body: [
          { type: 'TextualBody', purpose: 'describing', value: 'described' },
          { value: 'no purpose' },
          { purpose: 'tagging', value: '  Key term ' },
          { purpose: ['tagging'], value: 'Key term' },
        ],
      },
      {
        type: 'Annotation',
        creator: { id: 'acct:x@hypothes.is' },
        target: { selector: q('x') },
        body: {
          type: 'TextualBody',
          purpose: 'commenting',
          value: 'single body',
          format: 'text/html',
        },
      },
      {
        type: 'Annotation',
        creator: 'Cleo',
        created: '2026-01-02',
        modified: '2026-01-03T10:00:00',
        target: { selector: q('x') },
      },
    ]);
    expect(v.items[0]).toMatchObject({
      creator: 'ana',
      note: 'described\n\nno purpose',
      tagNames: ['Key term'],
      target: { position: { start: 0, end: 6 } },
    });
    expect(v.items[1]).toMatchObject({ creator: 'x', note: 'single body' });
    expect(v.items[2]).toMatchObject({
      creator: 'Cleo',
      created: '2026-01-02T00:00:00.000Z',
      modified: '2026-01-03T10:00:00Z',
    });
  });

  it('a Hypothesis-style export: target list, RangeSelector and XPath ignored, body given as IRI', () => {
    const hyp = [1, 2].map((k) => ({
      type: 'Annotation',
      id: `https://hypothes.is/a/${k}`,
      creator: 'acct:x',
      body: 'http://example.org/body',
      target: [
        {
          source: 'https://example.org/page',
          selector: [
            { type: 'RangeSelector', refinedBy: { type: 'XPathSelector' } },
            { type: 'XPathSelector', value: '/p[1]' },
            { type: 'TextPositionSelector', start: 0, end: 6 },
            q('Привет'),
          ],
        },
      ],
    }));
    const v = parse(hyp);
    expect(v.items.map((i) => i.target.position)).toEqual([
      { type: 'TextPositionSelector', start: 0, end: 6 },
      { type: 'TextPositionSelector', start: 0, end: 6 },
    ]);
    expect(v.document).toEqual({ id: 'https://example.org/page' });
    expect(v.warnings).toEqual([
      'RangeSelector is not supported and was ignored (items 1, 2)',
      'refinedBy is not supported and was ignored (items 1, 2)',
      'XPathSelector is not supported and was ignored (items 1, 2)',
      'a body given only as a link was ignored (items 1, 2)',
    ]);
  });

  it('refuses a collection whose pages are only links', () => {
    expect(parseW3C({ type: 'AnnotationCollection', first: 'http://x/page1' }, env)).toEqual({
      ok: false,
      error: expect.stringContaining("the collection's pages are not included in this file"),
    });
    expect(
      parseW3C({ type: 'AnnotationCollection', first: { id: 'http://x/page1' } }, env),
    ).toEqual({ ok: false, error: expect.stringContaining('pages are not included') });
  });
});
