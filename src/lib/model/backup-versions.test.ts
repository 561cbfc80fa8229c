import { describe, expect, it } from 'vitest';
import { parseBackup, serializeBackup } from './backup';
import { addVersions, readVersions } from './backup-versions';
import { sha256Hex } from './hash';
import { applyReplaces } from './text-edit';
import { carryItems } from './version-carry';
import { collectionMusts } from './w3c-musts';
import { describeRange } from './selectors';
import { TextIndex } from './text-index';
import type { Annotation, DocumentMeta, Env, TextVersion } from './types';

const env: Env = {
  now: () => new Date('2026-11-30T09:00:00Z'),
  uuid: () => '00000000-0000-4000-8000-000000000001',
};
const when = new Date('2026-11-30T12:00:00Z');
const ID = 'urn:uuid:22222222-2222-4222-8222-222222222222';
const V1 = 'Robin sang. Later, Robin slept under the old oak.';

/** A document edited twice (versions 1–3), with one annotation made on version 3. */
async function edited() {
  const e1 = applyReplaces(V1, [{ start: 0, end: 0, text: 'At dawn ' }]);
  const e2 = applyReplaces(e1.text, [{ start: 20, end: 27, text: '' }]);
  const texts = [V1, e1.text, e2.text];
  const hashes = await Promise.all(texts.map((t) => sha256Hex(t)));
  const versions: TextVersion[] = texts.map((source, i) => ({
    docId: ID,
    n: i + 1,
    created: `2026-11-2${i + 1}T09:00:00.000Z`,
    contentHash: hashes[i],
    source,
    ...(i ? { map: [e1.map, e2.map][i - 1] } : {}),
  }));
  const meta: DocumentMeta = {
    id: ID,
    title: 'Notes',
    format: 'text',
    size: e2.text.length,
    contentHash: hashes[2],
    created: '2026-11-20T09:00:00.000Z',
    opened: '2026-11-25T09:00:00.000Z',
    annotationCount: 1,
    version: 3,
  };
  const at = e2.text.lastIndexOf('Robin');
  const a: Annotation = {
    id: 'urn:uuid:33333333-3333-4333-8333-333333333333',
    docId: ID,
    target: describeRange(new TextIndex(e2.text), at, at + 5),
    tags: [],
    note: 'the second Robin',
    creator: 'me',
    created: '2026-11-25T09:00:00.000Z',
    modified: '2026-11-25T09:00:00.000Z',
  };
  return { meta, text: e2.text, versions, annotation: a };
}

async function backupJson(withVersions = true) {
  const d = await edited();
  const backup = serializeBackup(
    [{ meta: d.meta, text: d.text, tags: [], annotations: [d.annotation] }],
    when,
  );
  const full = withVersions ? addVersions(backup, new Map([[ID, d.versions]])) : backup;
  return { d, json: JSON.parse(JSON.stringify(full)) as Record<string, any> };
}

function read(json: unknown) {
  const parsed = parseBackup(json, env);
  if (!parsed.ok) throw new Error(parsed.error);
  return readVersions(json, parsed.value.documents);
}

describe('text versions in a backup', () => {
  it('round-trips every version with its map; the current text is not stored twice', async () => {
    const { d, json } = await backupJson();
    const entry = json.documents[0];
    expect(entry.versions).toHaveLength(3);
    expect(entry.versions[2].source).toBeUndefined();
    expect(collectionMusts(entry.collection)).toEqual([]);
    const r = read(json);
    expect(r.ok && r.value.get(ID)).toEqual(d.versions);
  });

  it('restored versions still carry work made on version 1 to the current text', async () => {
    const { d, json } = await backupJson();
    const r = read(json);
    if (!r.ok) throw new Error(r.error);
    const second = V1.indexOf('Robin slept');
    const carry = carryItems({ version: 3, versions: r.value.get(ID)! }, d.versions[0].contentHash);
    const c = carry?.item({
      id: 'x',
      target: describeRange(new TextIndex(V1), second, second + 5),
    } as never);
    expect(c && c.outcome !== 'lost' && d.text.slice(c.start, c.end)).toBe('Robin');
    expect(c && c.outcome !== 'lost' && c.start).toBe(d.text.lastIndexOf('Robin'));
  });

  it('reads a Markdown document’s versions, its maps counted in the displayed text', async () => {
    const md = ['# Notes\n\nRobin *sang*.\n', '# Notes\n\nAt dawn Robin *sang*.\n'];
    const e = applyReplaces('Notes\n\nRobin sang.', [{ start: 7, end: 7, text: 'At dawn ' }]);
    const hashes = await Promise.all(md.map((t) => sha256Hex(t)));
    const { meta } = await edited();
    const m: DocumentMeta = { ...meta, format: 'markdown', contentHash: hashes[1], version: 2 };
    const entry = (map: number[][]) => ({
      documents: [
        {
          versions: [
            { n: 1, created: '2026-11-21T09:00:00.000Z', contentHash: hashes[0], source: md[0] },
            { n: 2, created: '2026-11-22T09:00:00.000Z', contentHash: hashes[1], map },
          ],
        },
      ],
    });
    const r = readVersions(entry(e.map), [{ meta: m, text: md[1] }]);
    expect(r.ok && r.value.get(ID)?.map((v) => v.source)).toEqual(md);
    const bad = readVersions(entry([[0, 0, 99]]), [{ meta: m, text: md[1] }]);
    expect(!bad.ok && bad.error).toMatch(/edit map of version 2 does not lead/);
  });

  it('reads a backup without versions (all older ones) as no versions', async () => {
    const { json } = await backupJson(false);
    expect(json.documents[0].versions).toBeUndefined();
    const r = read(json);
    expect(r.ok && r.value.size).toBe(0);
  });

  it('leaves out a never-edited document’s single version', async () => {
    const { d } = await backupJson();
    const backup = serializeBackup(
      [{ meta: d.meta, text: d.text, tags: [], annotations: [] }],
      when,
    );
    const one = addVersions(backup, new Map([[ID, d.versions.slice(0, 1)]]));
    expect((one.documents as object[])[0]).not.toHaveProperty('versions');
  });

  const corrupt: [string, (v: Record<string, any>[]) => unknown, RegExp][] = [
    ['not a list', () => 'v1', /not a list of two or more/],
    ['a gap', (v) => [v[0], v[2]], /version 2 is numbered 3/],
    ['no date', (v) => [v[0], { ...v[1], created: 'yesterday' }, v[2]], /version 2 has no date/],
    ['a bad hash', (v) => [v[0], { ...v[1], contentHash: 'x' }, v[2]], /version 2 has no SHA-256/],
    ['no source', (v) => [{ ...v[0], source: undefined }, v[1], v[2]], /version 1 has no text/],
    ['a missing map', (v) => [v[0], { ...v[1], map: undefined }, v[2]], /no valid edit map/],
    ['a negative map', (v) => [v[0], { ...v[1], map: [[0, -1, 3]] }, v[2]], /no valid edit map/],
    [
      'a map that does not fit',
      (v) => [v[0], { ...v[1], map: [[0, 0, 3]] }, v[2]],
      /edit map of version 2 does not lead from the previous version/,
    ],
    [
      'a map outside the text',
      (v) => [v[0], { ...v[1], map: [[500, 1, 9]] }, v[2]],
      /edit map of version 2 has a step outside the text/,
    ],
    ['an older last version', (v) => [v[0], v[1]], /last version \(2\) is not the document/],
    [
      'a restore of a later version',
      (v) => [v[0], { ...v[1], restoredFrom: 2 }, v[2]],
      /version 2 says it restores a version that does not come before it/,
    ],
  ];
  for (const [name, change, message] of corrupt)
    it(`refuses versions with ${name}, naming the document and the problem`, async () => {
      const { json } = await backupJson();
      json.documents[0].versions = change(json.documents[0].versions);
      const r = read(json);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error).toMatch(/^document 1 \(“Notes”\)/);
        expect(r.error).toMatch(message);
      }
    });
});
