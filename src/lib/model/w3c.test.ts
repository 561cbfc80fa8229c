import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { serializeCollection, parseW3C, parseJsonText, checkImportSize } from './w3c';
import { parseBackup, serializeBackup } from './backup';
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import { planImport } from './import-plan';
import type { Annotation, DocumentMeta, Env, Tag } from './types';

let n = 0;
const env: Env = { now: () => new Date('2026-11-25T09:00:00Z'), uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` };
const TEXT = 'Привет, мир 👋. The bloody war, and the bloody war again. مرحبا';
const index = new TextIndex(TEXT);
const doc: DocumentMeta = { id: 'urn:uuid:11111111-1111-4111-8111-111111111111', title: 'Doc', format: 'text', size: 1, contentHash: 'b'.repeat(64), created: '2026-11-25T09:00:00.000Z', opened: '2026-11-25T09:00:00.000Z', annotationCount: 2 };
const tags: Tag[] = [{ id: 'tag-a', name: 'Claim', color: 'blue', definition: 'A position' }, { id: 'tag-b', name: 'Imagery', color: 'pink' }];
const anns: Annotation[] = [
  { id: 'urn:uuid:22222222-2222-4222-8222-222222222222', docId: doc.id, target: describeRange(index, 8, 11), tags: ['tag-a', 'tag-b'], note: 'line one\nline <b>two</b>', creator: 'Ана', created: '2026-11-25T09:00:00.000Z', modified: '2026-11-25T09:30:00.000Z' },
  { id: 'urn:uuid:33333333-3333-4333-8333-333333333333', docId: doc.id, target: describeRange(index, 46, 56), tags: [], note: '', color: 'green', creator: 'Ben', created: '2026-11-25T09:00:00.000Z', modified: '2026-11-25T09:00:00.000Z' },
];

describe('W3C adapter', () => {
  it('round trips ids, tags with colours and definitions, notes, colours, creators, dates and selectors', () => {
    const json = JSON.parse(JSON.stringify(serializeCollection(doc, anns, tags, { generatedAt: env.now() })));
    const parsed = parseW3C(json, env);
    if (!parsed.ok) throw new Error(parsed.error);
    const p = parsed.value;
    expect(p.document).toMatchObject({ id: doc.id, title: 'Doc', contentHash: doc.contentHash });
    expect(p.tags).toEqual([{ id: 'tag-a', name: 'Claim', color: 'blue', definition: 'A position' }, { id: 'tag-b', name: 'Imagery', color: 'pink' }]);
    expect(p.items.map((i) => [i.id, i.tagNames, i.note, i.color, i.creator, i.created, i.modified])).toEqual([
      [anns[0].id, ['Claim', 'Imagery'], anns[0].note, undefined, 'Ана', anns[0].created, anns[0].modified],
      [anns[1].id, [], '', 'green', 'Ben', anns[1].created, anns[1].modified],
    ]);
    expect(p.items[0].target).toEqual({ quote: anns[0].target.quote, position: anns[0].target.position });
    expect(json.first.items[0].motivation).toBe('commenting');
    expect(json.first.items[1].motivation).toBe('highlighting');
  });

  it('reads other tools’ shapes: single annotation with bodyValue, arrays, quote-only, position-only, Hypothesis-style targets', () => {
    const one = { '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'Annotation', bodyValue: 'hi', target: { source: 'x', selector: { type: 'TextQuoteSelector', exact: 'war' } } };
    const r1 = parseW3C(one, env);
    expect(r1.ok && r1.value.items[0].note).toBe('hi');
    expect(r1.ok && r1.value.items[0].id).toMatch(/^urn:uuid:/);
    const hyp = [{ type: 'Annotation', creator: 'acct:x', body: 'http://example.org/body', target: [{ source: 'x', selector: [{ type: 'RangeSelector' }, { type: 'TextPositionSelector', start: 0, end: 6 }] }] }];
    const r2 = parseW3C(hyp, env);
    expect(r2.ok && r2.value.items[0].target.position).toEqual({ type: 'TextPositionSelector', start: 0, end: 6 });
    expect(r2.ok && r2.value.warnings.length).toBe(2);
    const page = { type: 'AnnotationPage', items: [one] };
    expect(parseW3C(page, env).ok).toBe(true);
    expect(parseW3C({ type: 'AnnotationCollection', first: 'http://x/page1' }, env)).toEqual({ ok: false, error: expect.stringContaining('pages are not included') });
  });

  it('names what is wrong, item by item, and never touches the prototype', () => {
    const bad = [
      { type: 'Annotation', target: { selector: { type: 'TextPositionSelector', start: 9, end: 3 } } },
      { type: 'Annotation', target: { selector: { type: 'TextPositionSelector', start: -1, end: 3 } } },
      { type: 'Annotation', target: { selector: { type: 'TextQuoteSelector', exact: '' } } },
      { type: 'Annotation', target: 'http://only/a/link' },
      { type: 'Annotation', created: 'yesterday', target: { selector: { type: 'TextQuoteSelector', exact: 'x' } } },
      JSON.parse('{"type":"Annotation","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"target":{"selector":{"type":"TextQuoteSelector","exact":"<script>alert(1)</script>"}}}'),
    ];
    const r = parseW3C(bad, env);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.invalid.map((i) => i.message)).toEqual([
      'item 1: TextPositionSelector end is before start',
      'item 2: TextPositionSelector start must be a whole number ≥ 0',
      'item 3: TextQuoteSelector has no exact text',
      'item 4: target has no TextQuoteSelector or TextPositionSelector',
      'item 5: created is not a date',
    ]);
    expect(r.value.items[0].target.quote?.exact).toBe('<script>alert(1)</script>');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parseW3C({ hello: 1 }, env)).toEqual({ ok: false, error: expect.stringContaining('not a Web Annotation export') });
    let deep: unknown = {};
    for (let i = 0; i < 100; i++) deep = { a: deep };
    expect(parseW3C(deep, env)).toEqual({ ok: false, error: expect.stringContaining('nested too deeply') });
    const many = Array.from({ length: 1500 }, (_, i) => ({ type: 'Annotation', body: { purpose: 'tagging', value: `t${i}` }, target: { selector: { type: 'TextQuoteSelector', exact: 'x' } } }));
    expect(parseW3C(many, env)).toEqual({ ok: false, error: expect.stringContaining('different tags') });
    expect(parseJsonText('{"a": ')).toEqual({ ok: false, error: expect.stringContaining('not valid JSON') });
    expect(checkImportSize('big.json', 200 * 1024 * 1024).ok).toBe(false);
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      parseW3C(v, env);
      parseBackup(v, env);
    }), { numRuns: 300 });
    fc.assert(fc.property(fc.anything(), (v) => {
      parseW3C(v, env);
    }), { numRuns: 200 });
  });

  it('plans imports: new, present, updated, exact, fuzzy, unplaced; a second import adds nothing', () => {
    const json = JSON.parse(JSON.stringify(serializeCollection(doc, anns, tags, { generatedAt: env.now() })));
    const parsed = parseW3C(json, env);
    if (!parsed.ok) throw new Error(parsed.error);
    const first = planImport(parsed.value, { docId: doc.id, index, existing: [], tags: [{ id: 'mine', name: 'claim', color: 'gray' }], env });
    expect(first.report).toMatchObject({ fresh: 2, present: 0, updated: 0, exact: 2, fuzzy: 0, unplaced: 0, newTags: ['Imagery'] });
    expect(first.put[0].tags[0]).toBe('mine');
    const again = planImport(parsed.value, { docId: doc.id, index, existing: first.put, tags: first.tags, env });
    expect(again.put).toHaveLength(0);
    expect(again.report.present).toBe(2);
    const edited = new TextIndex(TEXT.replace('Привет', 'Здравствуй').replace('bloody war again', 'nothing'));
    const moved = planImport(parsed.value, { docId: doc.id, index: edited, existing: [], tags: [], env });
    expect(moved.report.exact + moved.report.fuzzy + moved.report.unplaced).toBe(2);
  });

  it('backs up and restores documents with their tags and annotations', () => {
    const backup = JSON.parse(JSON.stringify(serializeBackup([{ meta: doc, text: TEXT, tags, annotations: anns }], env.now())));
    const r = parseBackup(backup, env);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.documents[0].text).toBe(TEXT);
    expect(r.value.documents[0].tags.map((t) => [t.name, t.color])).toEqual([['Claim', 'blue'], ['Imagery', 'pink']]);
    expect(r.value.documents[0].annotations.map((a) => a.id)).toEqual(anns.map((a) => a.id));
    expect(parseBackup({ ...backup, version: 9 }, env).ok).toBe(false);
  });
});
