/**
 * Cross-check with the official W3C Web Annotation test suite (../shared/w3c-web-annotation-tests,
 * JSON Schema draft-04): every export the app makes passes its MUST assertions. The project's own
 * checks of the same MUSTs (w3c-conformance.test.ts) run everywhere; this one skips, with a
 * notice, where the suite is not present.
 */
import { beforeAll, describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { allExports, type ExportCase } from './export-fixtures';
import { hasShared, sharedPath } from './shared-files';

const present = hasShared('w3c-web-annotation-tests', 'the official W3C suite cross-check');
const SUITE = sharedPath('w3c-web-annotation-tests');

/**
 * The suite's runner, with the rules of the W3C harness (JSONtest.js): an assertion passes when
 * validation gives its `expectedResult` (default "valid"); when it does not, `onUnexpectedResult`
 * decides: failAndContinue/failAndSkip fail (the …Skip forms stop the remaining assertions),
 * passAndContinue/passAndSkip pass. Returns the failures.
 */
function loadSuite(): (testFile: string, data: unknown) => string[] {
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
  return (testFile, data) => {
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
}

describe.skipIf(!present)('W3C Web Annotation test suite: MUST assertions', () => {
  let run: (testFile: string, data: unknown) => string[];
  let cases: ExportCase[];
  beforeAll(async () => {
    run = loadSuite();
    cases = await allExports();
  });

  it('every export passes the annotation, collection and page MUSTs', () => {
    expect(cases.length).toBeGreaterThan(10);
    for (const c of cases) {
      if (c.kind === 'annotation') {
        expect(run('annotations/annotationMusts.test', c.json), c.name).toEqual([]);
        continue;
      }
      const page = c.json.first as { items: unknown[] };
      expect(run('collections/collectionMusts.test', c.json), c.name).toEqual([]);
      expect(run('collections/pages/pageMusts.test', page), c.name).toEqual([]);
      expect(page.items.length, c.name).toBe(c.json.total);
      for (const item of page.items)
        expect(run('annotations/annotationMusts.test', item), c.name).toEqual([]);
    }
  });

  it('the harness is not vacuous: broken annotations and collections fail', () => {
    const collection = cases.find((c) => c.name === 'annotations export with 12')!.json;
    const good = (collection.first as { items: Record<string, unknown>[] }).items[1];
    const broken = [
      { ...good, target: undefined },
      { ...good, bodyValue: 'both' },
      { ...good, created: 'yesterday' },
      { ...good, '@context': 'http://example.org/other' },
      { ...good, type: 'Note' },
      { ...good, stylesheet: undefined },
      { ...good, target: { source: 'urn:x:y', selector: { type: 'TextPositionSelector' } } },
    ];
    for (const b of broken)
      expect(run('annotations/annotationMusts.test', JSON.parse(JSON.stringify(b)))).not.toEqual(
        [],
      );
    expect(run('collections/collectionMusts.test', { ...collection, total: -1 })).not.toEqual([]);
    expect(
      run('collections/collectionMusts.test', { ...collection, type: 'Collection' }),
    ).not.toEqual([]);
  });
});
