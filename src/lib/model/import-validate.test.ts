import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseW3C } from './w3c';
import { checkImportSize, checkRange, parseJsonText, MAX_IMPORT_BYTES } from './import-validate';
import type { Env } from './types';

let n = 0;
const env: Env = {
  now: () => new Date('2026-11-25T09:00:00Z'),
  uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
};
const sel = (selector: unknown) => ({ type: 'Annotation', target: { source: 'urn:x', selector } });
const quote = { type: 'TextQuoteSelector', exact: 'x' };
const SHAPE =
  'this file is not a Web Annotation export: expected an Annotation, a list of annotations, an AnnotationPage or an AnnotationCollection.';

function invalid(items: unknown[]) {
  const r = parseW3C(items, env);
  if (!r.ok) throw new Error(r.error);
  return r.value.invalid.map((i) => i.message);
}

describe('item problems, each with its item number', () => {
  it('selectors', () => {
    expect(
      invalid([
        sel({ type: 'TextPositionSelector', start: 9, end: 3 }),
        sel({ type: 'TextPositionSelector', start: -1, end: 3 }),
        sel({ type: 'TextQuoteSelector', exact: '' }),
        { type: 'Annotation', target: 'http://only/a/link' },
        sel({ type: 'TextPositionSelector', start: 1.5, end: 3 }),
        sel({ type: 'TextPositionSelector', start: '1', end: 3 }),
        sel({ type: 'TextPositionSelector', start: 1 }),
        sel({ type: 'TextQuoteSelector', exact: 'x', prefix: 7 }),
        sel({ type: 'TextQuoteSelector' }),
        sel([{ type: 'RangeSelector' }]),
        sel(null),
        sel(['not an object', 42]),
      ]),
    ).toEqual([
      'item 1: TextPositionSelector end is before start',
      'item 2: TextPositionSelector start must be a whole number ≥ 0',
      'item 3: TextQuoteSelector has no exact text',
      'item 4: its target is a whole resource, not a passage of text',
      'item 5: TextPositionSelector start must be a whole number ≥ 0',
      'item 6: TextPositionSelector start must be a whole number ≥ 0',
      'item 7: TextPositionSelector end must be a whole number ≥ 0',
      'item 8: TextQuoteSelector prefix and suffix must be text',
      'item 9: TextQuoteSelector has no exact text',
      'item 10: its RangeSelector does not select text',
      'item 11: its target is a whole resource, not a passage of text',
      'item 12: a selector is not an object',
    ]);
  });

  it('missing and wrong-typed fields', () => {
    expect(
      invalid([
        { type: 'Annotation', created: 'yesterday', target: { selector: quote } },
        { type: 'Annotation', modified: 20261125, target: { selector: quote } },
        { type: 'Annotation', created: '2026-13-45T99:00:00Z', target: { selector: quote } },
        { type: 'Annotation' },
        { type: 'Annotation', target: [] },
        { type: 'Person', target: { selector: quote } },
        'http://example.org/anno/1',
        42,
        null,
        {
          type: 'Annotation',
          id: 'urn:uuid:6a2f41a3-c54c-4a1c-8f3a-2b1e0c9d8e7f',
          target: { selector: quote },
        },
        {
          type: 'Annotation',
          id: 'urn:uuid:6a2f41a3-c54c-4a1c-8f3a-2b1e0c9d8e7f',
          target: { selector: quote },
        },
      ]),
    ).toEqual([
      'item 1: created is not a date',
      'item 2: modified is not a date',
      'item 3: created is not a date',
      'item 4: has no target',
      'item 5: has no target',
      'item 6: its type is “Person”, not “Annotation”',
      'item 7: is only a link to an annotation, not the annotation itself',
      'item 8: is not an annotation object',
      'item 9: is not an annotation object',
      'item 11: the id urn:uuid:6a2f41a3-c54c-4a1c-8f3a-2b1e0c9d8e7f appears twice in this file',
    ]);
  });

  it('valid items are still read beside invalid ones', () => {
    const r = parseW3C([sel({ type: 'TextQuoteSelector', exact: '' }), sel(quote)], env);
    expect(r.ok && [r.value.items.length, r.value.invalid.length]).toEqual([1, 1]);
  });

  it('checkRange names the text length', () => {
    expect(checkRange(3, { type: 'TextPositionSelector', start: 10, end: 900 }, 812)).toBe(
      'item 3: TextPositionSelector end (900) is beyond the end of the text (812 characters)',
    );
    expect(checkRange(3, { type: 'TextPositionSelector', start: 10, end: 812 }, 812)).toBeNull();
  });
});

describe('whole-file problems', () => {
  it('not JSON: says where', () => {
    expect(parseJsonText('{"a": 1,\n  "b" x}')).toEqual({
      ok: false,
      error: 'this file is not valid JSON: unexpected "x" at line 2, column 7.',
    });
    expect(parseJsonText('[1, 2,]')).toEqual({
      ok: false,
      error: 'this file is not valid JSON: unexpected "]" at line 1, column 7.',
    });
    expect(parseJsonText('{"a": ')).toEqual({
      ok: false,
      error: 'this file is not valid JSON: it ends too early (it may have been cut off).',
    });
    expect(parseJsonText("{'a': 1}")).toEqual({
      ok: false,
      error: 'this file is not valid JSON: unexpected "\'" at line 1, column 2.',
    });
    expect(parseJsonText('  \n')).toEqual({ ok: false, error: 'this file is empty.' });
    expect(parseJsonText('\ufeff{"ok": true}')).toEqual({ ok: true, value: { ok: true } });
  });

  it('locates the mistake wherever JSON.parse rejects a text', { timeout: 30_000 }, () => {
    const mutated = fc
      .tuple(
        fc.json(),
        fc.nat(),
        fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\\', '\n', '\u0001'),
      )
      .map(
        ([j, at, c]) => j.slice(0, at % (j.length + 1)) + c + j.slice((at % (j.length + 1)) + 1),
      );
    fc.assert(
      fc.property(mutated, (text) => {
        const r = parseJsonText(text);
        if (!r.ok) expect(r.error).toMatch(/at line \d+, column \d+\.$|ends too early|is empty/);
      }),
      { numRuns: 500 },
    );
  });

  it('wrong shape', () => {
    for (const v of [{ hello: 1 }, 'text', 42, null, true, { type: 'Collection' }])
      expect(parseW3C(v, env)).toEqual({ ok: false, error: SHAPE });
    expect(parseW3C({ type: 'AnnotationCollection', first: 7 }, env)).toEqual({
      ok: false,
      error: 'the collection’s “first” page is not an AnnotationPage.',
    });
  });

  it(
    'too deep, too many items, too many or too long tags, strings over 1 MB, files over 100 MB',
    { timeout: 30_000 },
    () => {
      let deep: unknown = sel(quote);
      for (let i = 0; i < 100; i++) deep = { type: 'AnnotationPage', items: [deep] };
      expect(parseW3C(deep, env)).toEqual({
        ok: false,
        error: 'the data is nested too deeply (more than 64 levels).',
      });
      const item = sel(quote);
      expect(parseW3C(new Array(100_001).fill(item), env)).toEqual({
        ok: false,
        error: 'it holds 100001 annotations; at most 100,000 can be imported at once.',
      });
      const manyTags = Array.from({ length: 1500 }, (_, i) => ({
        ...sel(quote),
        id: `urn:uuid:${i}`,
        body: { purpose: 'tagging', value: `t${i}` },
      }));
      expect(parseW3C(manyTags, env)).toEqual({
        ok: false,
        error: 'it uses 1500 different tags; at most 1,000 are supported.',
      });
      const tagSet = Array.from({ length: 1001 }, (_, i) => ({ name: `t${i}` }));
      expect(
        parseW3C(
          {
            type: 'AnnotationCollection',
            'marginalia:tagSet': tagSet,
            first: { type: 'AnnotationPage', items: [] },
          },
          env,
        ),
      ).toEqual({ ok: false, error: 'it defines 1001 tags; at most 1,000 are supported.' });
      expect(
        parseW3C(
          [sel(quote), { ...sel(quote), body: { purpose: 'tagging', value: 'x'.repeat(201) } }],
          env,
        ),
      ).toEqual({
        ok: false,
        error: 'tag names can be at most 200 characters; item 2 has one of 201.',
      });
      expect(parseW3C([{ ...sel(quote), bodyValue: 'x'.repeat(1024 * 1024 + 1) }], env)).toEqual({
        ok: false,
        error: 'a text value in it is longer than 1 MB.',
      });
      expect(checkImportSize('big.json', MAX_IMPORT_BYTES + 1)).toEqual({
        ok: false,
        error: '“big.json” is 100 MB; annotation files can be at most 100 MB.',
      });
      expect(checkImportSize('empty.json', 0).ok).toBe(false);
      expect(checkImportSize('ok.json', 1234)).toEqual({ ok: true, value: null });
    },
  );
});
