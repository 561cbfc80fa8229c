/**
 * Every export the app makes passes the W3C Web Annotation Data Model MUSTs that exports rely
 * on (w3c-musts.ts, each check naming its section). Runs everywhere: no file from the shared folder is
 * needed. The official W3C suite is an extra cross-check in w3c-suite.shared.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { allExports, fixtureDoc, TEXT, type ExportCase } from './export-fixtures';
import { annotationMusts, collectionMusts, isDateTime, pageMusts } from './w3c-musts';

let cases: ExportCase[] = [];
beforeAll(async () => {
  cases = await allExports();
});
const musts = (c: ExportCase) =>
  c.kind === 'annotation' ? annotationMusts(c.json) : collectionMusts(c.json);
const byName = (name: string) => cases.find((c) => c.name === name)!;

describe('exports pass the Web Annotation Data Model MUSTs', () => {
  it('covers every export: annotations, collections (0, 1, 12), packet, hand-in, backup', () => {
    const names = cases.map((c) => c.name);
    for (const n of [
      'annotations export with 0',
      'annotations export with 1',
      'annotations export with 12',
      'reading packet',
      'hand-in',
      'backup document 0',
    ])
      expect(names).toContain(n);
    expect(cases.filter((c) => c.kind === 'annotation').length).toBe(7);
    expect(names.some((n) => n.includes('(reply)'))).toBe(true);
    expect(names.some((n) => n.includes('(prompt)'))).toBe(true);
  });

  it('each export has no problem', () => {
    for (const c of cases) expect(musts(c), c.name).toEqual([]);
  });

  it('each collection’s page holds every annotation, and the page passes on its own (§5.2)', () => {
    for (const c of cases.filter((x) => x.kind === 'collection')) {
      const page = c.json.first as { items: unknown[] };
      expect(pageMusts(page), c.name).toEqual([]);
      expect(page.items.length, c.name).toBe(c.json.total);
      for (const item of page.items) expect(annotationMusts(item), c.name).toEqual([]);
    }
  });
});

describe('the checks are not vacuous: broken exports fail, naming the section', () => {
  const first = (c: ExportCase) => (c.json.first as { items: Record<string, unknown>[] }).items[1];

  it('annotations', () => {
    const good = first(byName('annotations export with 12'));
    const broken: [Record<string, unknown>, string][] = [
      [{ ...good, '@context': 'http://example.org/other' }, '§3.1'],
      [{ ...good, id: 'not an iri' }, '§3.1'],
      [{ ...good, id: undefined }, '§3.1'],
      [{ ...good, type: 'Note' }, '§3.1'],
      [{ ...good, target: undefined }, '§3.1'],
      [{ ...good, bodyValue: 'both' }, '§3.2.5'],
      [{ ...good, created: 'yesterday' }, '§3.3.1'],
      [{ ...good, modified: '2026-13-01T00:00:00Z' }, '§3.3.1'],
      [{ ...good, motivation: 'liking' }, '§3.3.5'],
      [{ ...good, stylesheet: undefined }, '§4.4'],
      [{ ...good, body: [{ type: 'TextualBody', value: 1 }] }, '§3.2.4'],
      [{ ...good, target: { type: 'TextualBody', value: 'x' } }, '§3.2.4'],
      [{ ...good, target: { source: 'urn:x:y', value: 'v', styleClass: 'c' } }, '§4'],
      [{ ...good, target: { source: 'urn:x:y', selector: { type: 'Guess' } } }, '§4.2'],
      [
        { ...good, target: { source: 'urn:x:y', selector: { type: 'TextQuoteSelector' } } },
        '§4.2.4',
      ],
      [
        {
          ...good,
          target: { source: 'urn:x:y', selector: { type: 'TextPositionSelector', start: -1 } },
        },
        '§4.2.6',
      ],
    ];
    for (const [b, section] of broken) {
      const problems = annotationMusts(JSON.parse(JSON.stringify(b)));
      expect(problems.length, JSON.stringify(b).slice(0, 200)).toBeGreaterThan(0);
      expect(
        problems.some((p) => p.startsWith(`${section} `)),
        problems.join('; '),
      ).toBe(true);
    }
  });

  it('collections and pages', () => {
    const c = byName('annotations export with 1').json;
    const page = c.first as Record<string, unknown>;
    expect(collectionMusts({ ...c, total: -1 })).toContain(
      '§5.1 collection: total must be a non-negative integer',
    );
    expect(collectionMusts({ ...c, type: 'Collection' })).toContain(
      '§5.1 collection: type must include "AnnotationCollection"',
    );
    expect(collectionMusts(JSON.parse(JSON.stringify({ ...c, first: undefined })))).toContain(
      '§5.1 collection: a collection with annotations must have a first page',
    );
    expect(collectionMusts({ ...c, '@context': [] })[0]).toMatch(/^§5\.1 collection: @context/);
    expect(pageMusts({ ...page, startIndex: 1.5 })).toContain(
      '§5.2 page: startIndex must be a non-negative integer',
    );
    expect(pageMusts(JSON.parse(JSON.stringify({ ...page, items: undefined })))).toContain(
      '§5.2 page: must have items, a list of annotations',
    );
    expect(pageMusts({ ...page, type: 'OrderedCollectionPage' })[0]).toMatch(/^§5\.2 page: type/);
    expect(pageMusts({ ...page, items: [{ type: 'Annotation' }] }).join()).toMatch(/item 0/);
  });

  it('xsd:dateTime accepts what the exports write and refuses impossible instants', () => {
    for (const ok of ['2026-11-25T10:00:00.000Z', '2026-11-25T11:00:00.000+01:00'])
      expect(isDateTime(ok), ok).toBe(true);
    for (const bad of ['2026-11-25', '2026-11-25 10:00:00Z', '2026-11-25T25:00:00Z', 7])
      expect(isDateTime(bad), String(bad)).toBe(false);
  });
});

it('an independent matcher finds every exported quote at its code-point position (§4.2.4, §4.2.6)', async () => {
  const doc = await fixtureDoc();
  const cps = [...TEXT];
  let checked = 0;
  for (const c of cases.filter((x) => x.kind === 'collection')) {
    for (const item of (c.json.first as { items: Record<string, unknown>[] }).items) {
      const target = (
        typeof item.target === 'string' ? item['marginalia:textTarget'] : item.target
      ) as { source: string; selector: Record<string, unknown>[] };
      expect(target.source).toBe(doc.id);
      const q = target.selector.find((s) => s.type === 'TextQuoteSelector') as {
        exact: string;
        prefix: string;
        suffix: string;
      };
      const p = target.selector.find((s) => s.type === 'TextPositionSelector') as {
        start: number;
        end: number;
      };
      expect(cps.slice(p.start, p.end).join('')).toBe(q.exact);
      expect(cps.slice(Math.max(0, p.start - [...q.prefix].length), p.start).join('')).toBe(
        q.prefix,
      );
      expect(cps.slice(p.end, p.end + [...q.suffix].length).join('')).toBe(q.suffix);
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(30);
});
