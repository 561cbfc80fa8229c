import { describe, expect, it } from 'vitest';
import { parseBackup, serializeBackup } from './backup';
import {
  addOriginals,
  base64ToBytes,
  bytesToBase64,
  originalsSize,
  readOriginals,
} from './backup-originals';
import { serializeBlocks } from './blocks';
import { sha256Hex, sha256HexBytes } from './hash';
import type { DocumentMeta, Env } from './types';

const env: Env = {
  now: () => new Date('2026-11-30T09:00:00Z'),
  uuid: () => '00000000-0000-4000-8000-000000000001',
};
const when = new Date('2026-11-30T12:00:00Z');
/** A small "PDF": every byte value, so base64 and the round trip see all of them. */
const BYTES = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7 + 3) % 256);
const SOURCE = serializeBlocks([
  { type: 'pageBreak', page: 1, label: 'i' },
  { type: 'paragraph', content: [{ type: 'text', text: 'This is page i.' }] },
]);

async function docs() {
  const pdf: DocumentMeta = {
    id: 'urn:uuid:11111111-1111-4111-8111-111111111111',
    title: 'Paper',
    format: 'pdf',
    fileName: 'paper.pdf',
    size: SOURCE.length,
    contentHash: await sha256Hex(SOURCE),
    created: '2026-11-20T09:00:00.000Z',
    opened: '2026-11-25T09:00:00.000Z',
    annotationCount: 0,
    original: {
      name: 'paper.pdf',
      type: 'application/pdf',
      size: BYTES.length,
      hash: await sha256HexBytes(BYTES),
    },
    leftOut: ['images'],
  };
  const txt: DocumentMeta = {
    ...pdf,
    id: 'urn:uuid:22222222-2222-4222-8222-222222222222',
    title: 'Notes',
    format: 'text',
    contentHash: await sha256Hex('Plain notes.'),
    size: 12,
    original: undefined,
    leftOut: undefined,
  };
  delete txt.original;
  delete txt.leftOut;
  return [
    { meta: pdf, text: SOURCE, tags: [], annotations: [] },
    { meta: txt, text: 'Plain notes.', tags: [], annotations: [] },
  ];
}

const roundTrip = (o: unknown) => JSON.parse(JSON.stringify(o));

describe('original files in a backup', () => {
  it('base64 round-trips every byte value, in chunks larger than one call can take', () => {
    const s = bytesToBase64(BYTES);
    expect(s).toBe(Buffer.from(BYTES).toString('base64'));
    expect(base64ToBytes(s)).toEqual(BYTES);
    expect(base64ToBytes('not base64!')).toBeNull();
    expect(base64ToBytes('abc')).toBeNull();
  });

  it('counts the originals and their size', async () => {
    expect(originalsSize((await docs()).map((d) => d.meta))).toEqual({
      count: 1,
      bytes: BYTES.length,
    });
  });

  it('go into the backup and come back out, with the meta describing them', async () => {
    const d = await docs();
    const json = roundTrip(
      addOriginals(serializeBackup(d, when), new Map([[d[0].meta.id, BYTES]])),
    );
    expect(json.documents[0].original.encoding).toBe('base64');
    expect(json.documents[1].original).toBeUndefined();
    const parsed = parseBackup(json, env);
    if (!parsed.ok) throw new Error(parsed.error);
    const metas = parsed.value.documents.map((x) => x.meta);
    expect(metas[0].original).toEqual(d[0].meta.original);
    expect(metas[0].leftOut).toEqual(['images']);
    expect(metas[1].original).toBeUndefined();
    const read = readOriginals(json, metas);
    if (!read.ok) throw new Error(read.error);
    expect([...read.value.keys()]).toEqual([d[0].meta.id]);
    expect(await sha256HexBytes(read.value.get(d[0].meta.id)!)).toBe(d[0].meta.original!.hash);
  });

  it('a backup without originals (older, or made with them left out) still restores', async () => {
    const d = await docs();
    const json = roundTrip(serializeBackup(d, when));
    const parsed = parseBackup(json, env);
    if (!parsed.ok) throw new Error(parsed.error);
    const read = readOriginals(
      json,
      parsed.value.documents.map((x) => x.meta),
    );
    expect(read.ok && read.value.size).toBe(0);
    // A backup from before originals existed has no `original` in its metas either.
    delete json.documents[0].meta.original;
    delete json.documents[0].meta.leftOut;
    const old = parseBackup(json, env);
    expect(old.ok && old.value.documents[0].meta.original).toBeUndefined();
  });

  it('refuse the backup, naming the document, when an original is damaged', async () => {
    const d = await docs();
    const good = () =>
      roundTrip(addOriginals(serializeBackup(d, when), new Map([[d[0].meta.id, BYTES]])));
    const error = (mutate: (b: ReturnType<typeof good>) => void) => {
      const b = good();
      mutate(b);
      const parsed = parseBackup(b, env);
      if (!parsed.ok) return parsed.error;
      const r = readOriginals(
        b,
        parsed.value.documents.map((x) => x.meta),
      );
      return r.ok ? 'ok' : r.error;
    };
    expect(error(() => {})).toBe('ok');
    expect(error((b) => (b.documents[0].original.data = 'x!'))).toBe(
      'document 1 (“Paper”): its original file is not valid base64.',
    );
    expect(error((b) => (b.documents[0].original.data = 'AAAA'))).toBe(
      `document 1 (“Paper”): its original file has 3 bytes, but ${BYTES.length} are recorded.`,
    );
    expect(error((b) => (b.documents[0].original = 'raw'))).toBe(
      'document 1 (“Paper”): its original file is not stored as base64.',
    );
    expect(error((b) => (b.documents[1].original = b.documents[0].original))).toBe(
      'document 2 (“Notes”) carries an original file but does not describe it.',
    );
    expect(error((b) => (b.documents[0].meta.original.hash = 'abc'))).toBe(
      'document 1: its original file has no SHA-256 (64 lowercase hex digits).',
    );
  });
});
