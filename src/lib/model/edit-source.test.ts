import { describe, expect, it } from 'vitest';
import { blockSource, sourceOfEdit, versionText } from './edit-source';
import { layoutBlocks, serializeBlocks, type DraftBlock } from './blocks';
import { applyReplaces } from './text-edit';
import { sha256Hex } from './hash';
import { VersionCarrier } from './version-carry';
import { parseBackup, serializeBackup } from './backup';
import { addVersions, readVersions } from './backup-versions';
import { describeRange } from './selectors';
import { TextIndex } from './text-index';
import type { DocumentMeta, TextVersion } from './types';

const para = (text: string): DraftBlock => ({
  type: 'paragraph',
  content: [{ type: 'text', text }],
});
const V1: DraftBlock[] = [
  { type: 'pageBreak', page: 1, label: '1' },
  para('Robin sang.'),
  { type: 'pageBreak', page: 2, label: '2' },
  para('Later, Robin slept under the old oak.'),
];
/** Version 2: "At dawn " typed before the first paragraph's text. */
const V2: DraftBlock[] = [V1[0], para('At dawn Robin sang.'), V1[2], V1[3]];
const T1 = layoutBlocks(V1).plainText;
const e1 = applyReplaces(T1, [{ start: 0, end: 0, text: 'At dawn ' }]);

describe('the source of an edit', () => {
  it('stores an edited block tree only when it lays out to the edited text', () => {
    const ok = blockSource(V2, e1.text);
    expect(ok).toEqual({ ok: true, value: serializeBlocks(V2) });
    const off = blockSource(V2, e1.text.replace('dawn', 'dusk'));
    expect(off.ok).toBe(false);
    if (!off.ok) expect(off.error).toMatch(/do not give the edited text at character 4 \(near/);
    const bad = blockSource([{ type: 'heading', level: 9 as 1, content: [] }], '');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/cannot be stored/);
  });

  it('has a writer for text and block documents only', () => {
    const edited = { text: 'new', blocks: () => ({ ok: true as const, value: [para('new')] }) };
    expect(sourceOfEdit('text', edited)).toEqual({ ok: true, value: 'new' });
    expect(sourceOfEdit('docx', edited)).toEqual({
      ok: true,
      value: serializeBlocks([para('new')]),
    });
    expect(sourceOfEdit('markdown', edited).ok).toBe(false);
  });

  it('reads any version to its plain text', () => {
    expect(versionText('plain', 'text')).toEqual({ ok: true, value: 'plain' });
    expect(versionText(serializeBlocks(V2), 'pdf')).toEqual({ ok: true, value: e1.text });
    expect(versionText('{', 'pdf').ok).toBe(false);
  });
});

describe('versions of a block document', () => {
  async function versions(): Promise<TextVersion[]> {
    const sources = [serializeBlocks(V1), serializeBlocks(V2)];
    const hashes = await Promise.all(sources.map((s) => sha256Hex(s)));
    return sources.map((source, i) => ({
      docId: 'd',
      n: i + 1,
      created: `2026-11-2${i + 1}T09:00:00.000Z`,
      contentHash: hashes[i],
      source,
      ...(i ? { map: e1.map } : {}),
    }));
  }

  it('carries work made on version 1 through the map in plain-text code points', async () => {
    const list = await versions();
    const at = T1.indexOf('Robin slept');
    const target = describeRange(new TextIndex(T1), at, at + 5);
    const c = new VersionCarrier(list, 'pdf').carry(1, target);
    expect(c).toMatchObject({ outcome: 'unchanged', start: e1.text.indexOf('Robin slept') });
    // Read as if its JSON were the text, the quote would not hold: nothing is carried.
    expect(new VersionCarrier(list, 'text').carry(1, target)).toBeNull();
  });

  it('round-trip through a backup, maps checked against the laid-out texts', async () => {
    const list = await versions();
    const meta: DocumentMeta = {
      id: 'urn:uuid:22222222-2222-4222-8222-222222222222',
      title: 'Scan',
      format: 'pdf',
      size: list[1].source.length,
      contentHash: list[1].contentHash,
      created: '2026-11-20T09:00:00.000Z',
      opened: '2026-11-25T09:00:00.000Z',
      annotationCount: 0,
      version: 2,
    };
    const own = list.map((v) => ({ ...v, docId: meta.id }));
    const backup = serializeBackup(
      [{ meta, text: list[1].source, tags: [], annotations: [] }],
      new Date('2026-11-30T12:00:00Z'),
    );
    const json = JSON.parse(JSON.stringify(addVersions(backup, new Map([[meta.id, own]]))));
    const env = { now: () => new Date('2026-11-30T09:00:00Z'), uuid: () => 'x' };
    const parsed = parseBackup(json, env);
    if (!parsed.ok) throw new Error(parsed.error);
    const r = readVersions(json, parsed.value.documents);
    expect(r.ok && r.value.get(meta.id)).toEqual(own);
    json.documents[0].versions[1].map = [[0, 0, 3]];
    const bad = readVersions(json, parsed.value.documents);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/edit map of version 2 does not lead/);
  });
});
