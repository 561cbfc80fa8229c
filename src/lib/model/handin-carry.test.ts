import { describe, expect, it } from 'vitest';
import { applyReplaces } from './text-edit';
import { carryItems } from './version-carry';
import { describeRange } from './selectors';
import { TextIndex } from './text-index';
import { serializeCollection } from './w3c';
import { parseW3C } from './w3c-parse';
import { mergeImports } from './import-merge';
import { planImport } from './import-plan';
import { sha256Hex } from './hash';
import type { Annotation, DocumentMeta, Env, TextVersion } from './types';

let n = 0;
const env: Env = {
  now: () => new Date('2026-11-30T09:00:00Z'),
  uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
};
const ID = 'urn:uuid:6a2f41a3-c54c-4a1c-8f3a-2b1e0c9d8e7f';

// Version 1; version 2 puts words before everything; version 3 deletes the first sentence.
const V1 = 'Robin sang. Later, Robin slept under the old oak.';
const E2 = applyReplaces(V1, [{ start: 0, end: 0, text: 'At dawn ' }]);
const E3 = applyReplaces(E2.text, [{ start: 8, end: 20, text: '' }]);
const V3 = E3.text;

const meta = (hash: string): DocumentMeta => ({
  id: ID,
  title: 'Robin',
  format: 'text',
  size: 1,
  contentHash: hash,
  created: '2026-11-01T00:00:00Z',
  opened: '2026-11-01T00:00:00Z',
  annotationCount: 1,
});
/** A student's annotation on `quote` (its `occurrence`-th place) in `text`. */
const on = (text: string, quote: string, occurrence: number, who: string): Annotation => {
  let u = -1;
  for (let k = 0; k <= occurrence; k++) u = text.indexOf(quote, u + 1);
  const index = new TextIndex(text);
  return {
    id: `urn:uuid:00000000-0000-4000-b000-${String(++n).padStart(12, '0')}`,
    docId: ID,
    target: describeRange(index, index.toCodePoint(u), index.toCodePoint(u + quote.length)),
    tags: [],
    note: `${who}'s note`,
    creator: who,
    created: '2026-11-20T09:00:00.000Z',
    modified: '2026-11-20T09:00:00.000Z',
  };
};
/** A hand-in file as the app downloads it, read back as the teacher's import reads it. */
const handIn = (hash: string, a: Annotation) => {
  const json = JSON.parse(
    JSON.stringify(serializeCollection(meta(hash), [a], [], { generatedAt: env.now() })),
  );
  const r = parseW3C(json, env);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('hand-ins made on older versions of the text (issue 16)', () => {
  it('are each carried from their own version through the stored maps, imported together', async () => {
    const [h1, h2, h3] = await Promise.all([V1, E2.text, V3].map((t) => sha256Hex(t)));
    const versions: TextVersion[] = [
      { docId: ID, n: 1, created: '', contentHash: h1, source: V1 },
      { docId: ID, n: 2, created: '', contentHash: h2, source: E2.text, map: E2.map },
      { docId: ID, n: 3, created: '', contentHash: h3, source: V3, map: E3.map },
    ];
    // Ana marked the second "Robin" on version 1, Ben "the old oak" on version 2, Cy "slept"
    // on the teacher's current version 3; Ana's passage is the first "Robin" of version 3.
    const ana = handIn(h1, on(V1, 'Robin', 1, 'Ana'));
    const ben = handIn(h2, on(E2.text, 'the old oak', 0, 'Ben'));
    const cy = handIn(h3, on(V3, 'slept', 0, 'Cy'));
    const merged = mergeImports(['ana.json', 'ben.json', 'cy.json'], [ana, ben, cy]);
    expect(merged.items.map((i) => i.contentHash)).toEqual([h1, h2, h3]);

    const index = new TextIndex(V3);
    const plan = planImport(merged, {
      docId: ID,
      index,
      existing: [],
      tags: [],
      env,
      carry: carryItems({ version: 3, versions }, merged.document?.contentHash),
    });
    expect(plan.report.carried).toBe(2);
    const words = plan.put.map((a) => index.slice(a.target.position.start, a.target.position.end));
    expect(words).toEqual(['Robin', 'the old oak', 'slept']);
    expect(plan.put[0].target.position.start).toBe(V3.indexOf('Robin slept'));
    expect(plan.put.every((a) => !a.edit)).toBe(true);
  });

  it('a hand-in on a passage the teacher deleted is unplaced and flagged lost, never searched for', async () => {
    const [h1, h2, h3] = await Promise.all([V1, E2.text, V3].map((t) => sha256Hex(t)));
    const versions: TextVersion[] = [
      { docId: ID, n: 1, created: '', contentHash: h1, source: V1 },
      { docId: ID, n: 2, created: '', contentHash: h2, source: E2.text, map: E2.map },
      { docId: ID, n: 3, created: '', contentHash: h3, source: V3, map: E3.map },
    ];
    const dee = handIn(h1, on(V1, 'Robin sang.', 0, 'Dee'));
    const plan = planImport(dee, {
      docId: ID,
      index: new TextIndex(V3),
      existing: [],
      tags: [],
      env,
      carry: carryItems({ version: 3, versions }, dee.document?.contentHash),
    });
    expect(plan.report.unplaced).toBe(1);
    expect(plan.put[0].edit).toEqual({ outcome: 'lost', oldQuote: 'Robin sang.', version: 3 });
  });
});
