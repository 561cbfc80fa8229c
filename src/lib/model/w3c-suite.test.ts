// Exports must pass every MUST assertion of the W3C Web Annotation test suite
// (../shared/w3c-web-annotation-tests, JSON Schema draft-04). Skipped, with a notice, when the
// suite is not beside the project.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import { serializeAnnotation, serializeCollection } from './w3c';
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import type { Annotation, DocumentMeta, Tag } from './types';

const SUITE = resolve(import.meta.dirname, '../../../../shared/w3c-web-annotation-tests');
const present = existsSync(SUITE);
if (!present)
  console.warn(
    `W3C Web Annotation test suite not found at ${SUITE}: the export conformance tests are skipped.`,
  );

function loadSuite() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S*$/i);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) =>
      statSync(join(dir, f)).isDirectory()
        ? walk(join(dir, f))
        : f.endsWith('.json')
          ? [join(dir, f)]
          : [],
    );
  const byPath = new Map<
    string,
    { id: string; expectedResult?: string; onUnexpectedResult?: string; errorMessage?: string }
  >();
  const added = new Set<string>();
  for (const file of walk(SUITE)) {
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    // Add everything before compiling anything, so cross-file $refs resolve.
    if (!added.has(schema.id)) ajv.addSchema(schema);
    added.add(schema.id);
    byPath.set(file.slice(SUITE.length + 1), schema);
  }
  /**
   * Runs the assertions a `.test` file lists with the rules of the W3C harness (JSONtest.js):
   * an assertion passes when validation gives its `expectedResult` (default "valid"); when it
   * does not, `onUnexpectedResult` decides: failAndContinue/failAndSkip fail (the …Skip forms
   * stop the remaining assertions), passAndContinue/passAndSkip pass. Returns the failures.
   */
  const run = (testFile: string, data: unknown): string[] => {
    const spec = JSON.parse(readFileSync(join(SUITE, testFile), 'utf8')) as {
      assertions: string[];
    };
    const failures: string[] = [];
    for (const path of spec.assertions) {
      const schema = byPath.get(path);
      if (!schema) throw new Error(`assertion ${path} not found in the suite`);
      const validate = ajv.getSchema(schema.id)!;
      const valid = validate(data) as boolean;
      if (valid === ((schema.expectedResult ?? 'valid') === 'valid')) continue;
      const action = schema.onUnexpectedResult ?? 'failAndContinue';
      if (action.startsWith('fail'))
        failures.push(
          `${path}: ${schema.errorMessage ?? ''} ${JSON.stringify(validate.errors?.slice(0, 2))}`,
        );
      if (action.endsWith('Skip')) break;
    }
    return failures;
  };
  return run;
}

const TEXT =
  'Свобода — это слово. 👩‍👩‍👧 A family of emoji, café (cafe\u0301), and Arabic: مرحبا بالعالم. Repeat: word word word.';
const doc: DocumentMeta = {
  id: 'urn:uuid:6a2f41a3-c54c-4a1c-8f3a-2b1e0c9d8e7f',
  title: 'Suite test ✓ «текст»',
  format: 'text',
  size: 100,
  contentHash: 'a'.repeat(64),
  created: '2026-11-25T10:00:00.000Z',
  opened: '2026-11-25T10:00:00.000Z',
  annotationCount: 0,
};
const tags: Tag[] = [
  { id: 'tag-1', name: 'Claim', color: 'blue', definition: 'A position' },
  { id: 'tag-2', name: 'Ключ', color: 'green' },
];

function annotations(n: number): Annotation[] {
  const index = new TextIndex(TEXT);
  const out: Annotation[] = [];
  for (let i = 0; i < n; i++) {
    const start = (i * 7) % (index.length - 12);
    out.push({
      id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      docId: doc.id,
      target: describeRange(index, start, start + 5 + (i % 7)),
      tags: i % 3 === 0 ? [] : i % 3 === 1 ? ['tag-1'] : ['tag-1', 'tag-2'],
      note: i % 2 ? `Note ${i} with <b>markup</b> and “quotes”\nsecond line` : '',
      ...(i % 3 === 0 ? { color: 'pink' as const } : {}),
      creator: i % 4 ? 'Ana' : 'Бен',
      created: '2026-11-25T10:00:00.000Z',
      modified: '2026-11-25T11:00:00.000+01:00',
      ...(i === 5 ? { replyTo: 'urn:uuid:00000000-0000-4000-8000-000000000001' } : {}),
      ...(i === 4 ? { prompt: true } : {}),
    });
  }
  return out;
}

describe.skipIf(!present)(
  'W3C Web Annotation test suite: MUST assertions',
  { timeout: 30_000 },
  () => {
    const run: (testFile: string, data: unknown) => string[] = present ? loadSuite() : () => [];
    for (const n of [0, 1, 12]) {
      it(`an export with ${n} annotation(s) passes the annotation, collection and page MUSTs`, () => {
        const collection = serializeCollection(doc, annotations(n), tags, {
          generatedAt: new Date('2026-11-25T12:00:00Z'),
        }) as { first: { items: unknown[] } };
        expect(run('collections/collectionMusts.test', collection)).toEqual([]);
        expect(run('collections/pages/pageMusts.test', collection.first)).toEqual([]);
        expect(collection.first.items).toHaveLength(n);
        for (const item of collection.first.items)
          expect(run('annotations/annotationMusts.test', item)).toEqual([]);
      });
    }

    it('a single annotation exported on its own passes the annotation MUSTs, reply and prompt included', () => {
      const byId = new Map(tags.map((t) => [t.id, t]));
      for (const a of annotations(7))
        expect(
          run('annotations/annotationMusts.test', serializeAnnotation(a, { doc, tags: byId })),
        ).toEqual([]);
    });

    it('the harness is not vacuous: broken annotations and collections fail', () => {
      const [a] = annotations(2).slice(1);
      const good = serializeAnnotation(a, { doc, tags: new Map(tags.map((t) => [t.id, t])) });
      const broken = [
        { ...good, target: undefined },
        { ...good, bodyValue: 'both' },
        { ...good, created: 'yesterday' },
        { ...good, '@context': 'http://example.org/other' },
        { ...good, type: 'Note' },
        { ...good, stylesheet: undefined },
        {
          ...good,
          target: { source: doc.id, selector: { type: 'TextPositionSelector', start: 'one' } },
        },
      ];
      for (const b of broken)
        expect(run('annotations/annotationMusts.test', JSON.parse(JSON.stringify(b)))).not.toEqual(
          [],
        );
      const collection = serializeCollection(doc, [], tags, { generatedAt: new Date() });
      expect(run('collections/collectionMusts.test', { ...collection, total: -1 })).not.toEqual([]);
      expect(
        run('collections/collectionMusts.test', { ...collection, type: 'Collection' }),
      ).not.toEqual([]);
    });

    it('an independent matcher finds every exported quote at its code-point position', () => {
      const collection = serializeCollection(doc, annotations(12), tags, {
        generatedAt: new Date(),
      }) as { first: { items: Record<string, unknown>[] } };
      const cps = [...TEXT];
      let checked = 0;
      for (const item of collection.first.items) {
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
      expect(checked).toBe(12);
    });
  },
);
