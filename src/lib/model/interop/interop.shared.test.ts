// The real files other tools wrote (../shared/interop, see its SOURCES.md): each imports and lands
// every annotation that has a usable text selector on its quote, or is refused or partly skipped
// with a message naming the reason. Skipped, with a notice, when the folder is absent.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAnnotationFile } from './index';
import { parseJsonText } from '../w3c';
import { planImport, describeReport } from '../import-plan';
import { TextIndex } from '../text-index';
import type { Env } from '../types';

const ROOT = resolve(import.meta.dirname, '../../../..');
const SHARED = process.env.MARGINALIA_SHARED ?? resolve(ROOT, '../shared');
const DIR = resolve(SHARED, 'interop');
const present = existsSync(DIR);
if (!present)
  console.warn(`Interop samples not found at ${DIR}: the real-file import tests are skipped.`);

let n = 0;
const env: Env = {
  now: () => new Date('2026-11-30T00:00:00Z'),
  uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
};

function load(stem: string) {
  const json = parseJsonText(readFileSync(resolve(DIR, `${stem}.json`), 'utf8'));
  if (!json.ok) throw new Error(json.error);
  const txt = resolve(DIR, `${stem}.txt`);
  const text = existsSync(txt) ? readFileSync(txt, 'utf8') : undefined;
  return { parsed: parseAnnotationFile(json.value, env), text };
}

function plan(stem: string) {
  const { parsed, text } = load(stem);
  if (!parsed.ok) throw new Error(parsed.error);
  const index = new TextIndex(text ?? '');
  const p = planImport(parsed.value, { docId: 'urn:uuid:d', index, existing: [], tags: [], env });
  return { parsed: parsed.value, plan: p, index, text: describeReport(p.report) };
}

const slices = (p: ReturnType<typeof plan>) =>
  p.plan.put.map((a) => [a.target.position.start, a.target.position.end, a.target.quote.exact]);

describe.skipIf(!present)('real files from other tools', () => {
  it('Hypothesis API answer on Wikipedia: all 5 land on their positions; no skips', () => {
    const p = plan('hypothesis-api-search_wikipedia-regression-testing');
    expect(p.plan.report).toMatchObject({ fresh: 5, exact: 5, fuzzy: 0, unplaced: 0, invalid: [] });
    expect(p.parsed.document).toEqual({
      id: 'https://en.wikipedia.org/wiki/Regression_testing',
      title: 'Regression testing - Wikipedia',
    });
    expect(slices(p)).toContainEqual([11881, 11897, '11 November 2016']);
    // “Regression testing” occurs 9 times: the heading (the position and context) is the one.
    expect(slices(p)).toContainEqual([33, 51, 'Regression testing']);
    for (const [s, e, q] of slices(p)) expect(p.index.slice(s as number, e as number)).toBe(q);
    expect(p.plan.put.every((a) => a.creator === 'mark')).toBe(true);
  });

  it('Hypothesis minimal fixture: no source, no user, no text', () => {
    const p = plan('hypothesis-api-search_minimal');
    expect(slices(p)).toEqual([[4, 7, 'Two']]);
    expect(p.plan.put[0].creator).toBe('Unknown reader');
  });

  it('Hypothesis JSON-LD: read as W3C, UTF-16 positions, acct creator, tagging body', () => {
    const { parsed } = load('hypothesis-jsonld_udell-blog-2017');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.items[0]).toMatchObject({
      id: 'https://hypothes.is/a/LoaMFCSJEee3aAMJuXhO-w',
      creator: 'judell',
      tagNames: ['IAnnotate2017'],
      positionUnits: 'utf16',
      note: 'components: web resources\n\nconnectors: links\n\ndata: data',
      target: {
        position: { start: 4023, end: 4055 },
        quote: { exact: ' components, connectors, and data ' },
      },
    });
  });

  it('Recogito Text Annotator: all 5 land; the collapsed-whitespace quote on its position', () => {
    const p = plan('recogito-text-annotator_annotations.w3c');
    expect(p.plan.report).toMatchObject({ fresh: 5, unplaced: 0, invalid: [] });
    expect(slices(p)).toContainEqual([741, 772, 'death in battle or by shipwreck']);
    expect(p.plan.put.map((a) => a.target.position.start)).toContain(1408);
  });

  it('RecogitoJS demo: 3 land on their quotes (Ithaca by its quote), the link is skipped', () => {
    const p = plan('recogitojs-demo_annotations.w3c');
    expect(slices(p)).toEqual([
      [124, 128, 'Troy'],
      [645, 660, 'death in battle'],
      [962, 968, 'Ithaca'],
    ]);
    expect(p.plan.report.warnings).toContain(
      'the position did not fit the quote, so the quote was trusted (item 3)',
    );
    expect(p.text).toContain('1 skipped (1 a linking annotation)');
  });

  it('Recogito’s internal TEI format is refused by name', () => {
    const { parsed } = load('recogito-tei_native-not-w3c');
    expect(parsed).toEqual({ ok: false, error: expect.stringContaining('Recogito’s internal') });
  });

  it('Apache Annotator emoji cases land on code-point spans', () => {
    const p = plan('apache-annotator_text-position-emoji.DERIVED');
    expect(slices(p)).toEqual([
      [12, 20, 'dolor am'],
      [0, 11, 'l😃rem ipsum'],
      [23, 32, 'yada yada'],
    ]);
  });

  it('W3C Examples 23 and 29 land on their quotes; 29 is reported as placed by quote only', () => {
    expect(slices(plan('w3c-model-ex23_text-quote'))).toEqual([[11, 20, 'anotation']]);
    const p29 = plan('w3c-model-ex29_fragment-refinedBy-quote');
    expect(slices(p29)).toEqual([[16, 29, 'Selected Text']]);
    expect(p29.plan.report.warnings.join()).toContain('placed by quote only');
  });

  it('W3C Examples 24, 28 and 41 (no text exists): position only, skipped, kept unplaced', () => {
    const ex24 = load('w3c-model-ex24_text-position').parsed;
    expect(ex24.ok && ex24.value.items[0].target).toEqual({
      position: { type: 'TextPositionSelector', start: 412, end: 795 },
    });
    const ex28 = load('w3c-model-ex28_range-xpath').parsed;
    expect(ex28.ok && ex28.value.invalid).toEqual([
      { index: 1, reason: 'not-text', message: 'item 1: its RangeSelector does not select text' },
    ]);
    const ex41 = load('w3c-model-ex41_complete').parsed;
    if (!ex41.ok) throw new Error(ex41.error);
    expect(ex41.value.items[0]).toMatchObject({ tagNames: ['love'], target: {} });
    expect(ex41.value.items[0].note).toContain('I really love this particular bit');
    expect(ex41.value.warnings.join()).toContain('kept under “Unplaced”');
  });

  it('the W3C collection of all spec examples: every one of the 43 imported or skipped with a reason', () => {
    const p = plan('w3c-model_collection1-embedded-page');
    const skipped = p.plan.report.invalid;
    expect(p.parsed.items.length + p.parsed.invalid.length).toBe(43);
    expect(skipped.every((s) => s.reason && s.message.startsWith(`item ${s.index}:`))).toBe(true);
    expect(p.text).toMatch(/\d+ skipped \(\d+ not a text selector, \d+ a linking annotation/);
  });

  it('Europeana: a value-object quote refining an RDF statement selector', () => {
    const { parsed } = load('europeana-debias_highlighting-multi-target');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.items[0].target.quote).toEqual({
      type: 'TextQuoteSelector',
      exact: 'bias term',
      prefix: 'same ',
      suffix: '',
    });
  });
});
