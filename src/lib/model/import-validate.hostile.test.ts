import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseW3C } from './w3c';
import { parseBackup } from './backup';
import { parseJsonText, readDate } from './import-validate';
import type { Env } from './types';

let n = 0;
const env: Env = {
  now: () => new Date('2026-11-25T09:00:00Z'),
  uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
};

describe('hostile content', () => {
  it('__proto__ and constructor keys are never read nor assigned; Object.prototype stays clean', () => {
    const text =
      '[{"type":"Annotation","__proto__":{"polluted":true,"type":"Annotation"},"constructor":{"prototype":{"polluted":true}},' +
      '"target":{"__proto__":{"selector":{"type":"TextQuoteSelector","exact":"from proto"}},"selector":{"type":"TextQuoteSelector","exact":"own"}},' +
      '"body":[{"purpose":"tagging","value":"__proto__"},{"purpose":"tagging","value":"constructor"}]},' +
      '{"type":"Annotation","__proto__":{"target":{"selector":{"type":"TextQuoteSelector","exact":"x"}}}}]';
    const json = parseJsonText(text);
    if (!json.ok) throw new Error(json.error);
    const r = parseW3C(json.value, env);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.items[0].target.quote?.exact).toBe('own');
    expect(r.value.items[0].tagNames).toEqual(['__proto__', 'constructor']);
    expect(r.value.invalid).toEqual([
      { index: 2, reason: 'invalid', message: 'item 2: has no target' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.value.items[0])).toBe(Object.prototype);
    const coll = parseW3C(
      JSON.parse(
        '{"type":"AnnotationCollection","marginalia:tagSet":[{"name":"a","__proto__":{"color":"blue"}}],"marginalia:document":{"__proto__":{"id":"urn:evil"}},"first":{"type":"AnnotationPage","items":[]}}',
      ),
      env,
    );
    expect(coll.ok && coll.value.tags).toEqual([{ name: 'a' }]);
    expect(coll.ok && coll.value.document).toEqual({});
  });

  it('HTML and script are kept as plain text, never interpreted', () => {
    const script = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const r = parseW3C(
      {
        type: 'Annotation',
        creator: script,
        bodyValue: script,
        body: undefined,
        target: { selector: { type: 'TextQuoteSelector', exact: script } },
      },
      env,
    );
    expect(
      r.ok && [
        r.value.items[0].note,
        r.value.items[0].creator,
        r.value.items[0].target.quote?.exact,
      ],
    ).toEqual([script, script, script]);
  });

  it('dates: time zone kept, missing zone made UTC, bare dates at midnight UTC', () => {
    expect(readDate('2026-11-25T10:00:00.000+02:00')).toBe('2026-11-25T10:00:00.000+02:00');
    expect(readDate('2026-11-25T10:00')).toBe('2026-11-25T10:00Z');
    expect(readDate('2026-11-25')).toBe('2026-11-25T00:00:00.000Z');
    for (const bad of ['', 'yesterday', '25/11/2026', 20261125, null, '2026-11-25T25:00:00Z'])
      expect(readDate(bad)).toBeNull();
  });
});

describe('never throws', () => {
  it('on arbitrary JSON values, arbitrary values and arbitrary text', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (v) => {
        expect(parseW3C(v, env)).toHaveProperty('ok');
        expect(parseBackup(v, env)).toHaveProperty('ok');
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(
        fc.anything({
          withNullPrototype: true,
          withObjectString: true,
          withBoxedValues: true,
          withSparseArray: true,
        }),
        (v) => {
          expect(parseW3C(v, env)).toHaveProperty('ok');
          expect(parseBackup(v, env)).toHaveProperty('ok');
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(parseJsonText(s)).toHaveProperty('ok');
      }),
      { numRuns: 300 },
    );
  });

  it('on annotation-shaped values with arbitrary fields', { timeout: 30_000 }, () => {
    const field = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));
    const selector = fc.record(
      {
        type: fc.constantFrom('TextQuoteSelector', 'TextPositionSelector', 'RangeSelector', 7),
        exact: field,
        prefix: field,
        start: fc.oneof(fc.integer(), field),
        end: fc.oneof(fc.integer(), field),
      },
      { requiredKeys: ['type'] },
    );
    const anno = fc.record(
      {
        type: fc.constantFrom('Annotation', ['Annotation'], 'Other'),
        id: field,
        created: field,
        modified: field,
        creator: field,
        body: field,
        bodyValue: field,
        target: fc.oneof(
          field,
          fc.record({ source: field, selector: fc.oneof(selector, fc.array(selector)) }),
        ),
      },
      { requiredKeys: ['type', 'target'] },
    );
    fc.assert(
      fc.property(fc.array(anno, { maxLength: 5 }), (items) => {
        const r = parseW3C(items, env);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value.items.length + r.value.invalid.length).toBe(items.length);
      }),
      { numRuns: 400 },
    );
  });
});
