import { describe, it, expect } from 'vitest';
import { CHUNK, ImportSession, type ImportReply, type PlanInput } from './import-core';
import { ImportCancelled, ImportWorker } from './import-client';
import { serializeCollection } from '../model/w3c';
import { describeRange } from '../model/selectors';
import { TextIndex } from '../model/text-index';
import { PACKET_KEY } from '../model/packet';
import type { Annotation, DocumentMeta, Env } from '../model/types';

const env = (): Env => {
  let n = 0;
  return { now: () => new Date('2026-02-01T00:00:00Z'), uuid: () => `u-${++n}` };
};
const TEXT = Array.from({ length: 1000 }, (_, i) => `Sentence number ${i} of the book.`).join(' ');
const index = new TextIndex(TEXT);
const meta: DocumentMeta = {
  id: 'urn:uuid:d',
  title: 'Book',
  format: 'text',
  size: TEXT.length,
  contentHash: 'ab'.repeat(32),
  created: '2026-01-01T00:00:00Z',
  opened: '2026-01-01T00:00:00Z',
  annotationCount: 0,
};
/** `n` annotations, one per sentence, the first ones tagged. */
const annotations = (n: number): Annotation[] =>
  Array.from({ length: n }, (_, i) => {
    const at = TEXT.indexOf(`number ${i} `);
    return {
      id: `urn:uuid:a-${i}`,
      docId: meta.id,
      target: describeRange(index, at, at + `number ${i}`.length),
      tags: i < 3 ? ['t1'] : [],
      note: i % 2 ? `note ${i}` : '',
      creator: 'Ana',
      created: '2026-01-01T00:00:00Z',
      modified: '2026-01-01T00:00:00Z',
    };
  });
const file = (json: unknown) => new Blob([JSON.stringify(json)]);
const collection = (n: number) =>
  serializeCollection(meta, annotations(n), [{ id: 't1', name: 'Claim', color: 'blue' }], {
    generatedAt: new Date('2026-02-01T00:00:00Z'),
  });
const input = (existing: PlanInput['existing'] = []): PlanInput => ({
  docId: meta.id,
  text: TEXT,
  existing,
  tags: [],
});

/** A session whose replies are collected. */
function session() {
  const replies: ImportReply[] = [];
  return { s: new ImportSession(env(), (r) => replies.push(r)), replies };
}

describe('ImportSession (the import worker’s logic, run in Node)', () => {
  it('reads a file: annotations stay by handle, only the document hints go back', async () => {
    const { s, replies } = session();
    await s.handle({ id: 1, type: 'read', name: 'a.json', file: file(collection(3)) });
    expect(replies).toEqual([
      {
        id: 1,
        type: 'read',
        result: {
          ok: true,
          value: {
            kind: 'annotations',
            handle: 1,
            target: { docId: meta.id, contentHash: meta.contentHash, sources: [meta.id], items: 3 },
          },
        },
      },
    ]);
    expect(s.held).toBe(1);
  });

  it('says what is wrong with a bad file, naming it; packets and backups go back whole', async () => {
    const { s, replies } = session();
    await s.handle({ id: 1, type: 'read', name: 'bad.json', file: new Blob(['{"a": ']) });
    await s.handle({ id: 2, type: 'read', name: 'empty.json', file: file([]) });
    const packet = { [PACKET_KEY]: { version: 1 } };
    await s.handle({ id: 3, type: 'read', name: 'p.json', file: file(packet) });
    const [bad, empty, p] = replies.map((r) => (r.type === 'read' ? r.result : null));
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/^“bad\.json”: /) });
    expect(empty).toMatchObject({ ok: false, error: expect.stringContaining('“empty.json”') });
    expect(p).toEqual({ ok: true, value: { kind: 'packet', json: packet } });
    expect(s.held).toBe(0);
  });

  it('plans and anchors in the worker: progress, the plan in chunks, the handle used up', async () => {
    const { s, replies } = session();
    await s.handle({ id: 1, type: 'read', name: 'a.json', file: file(collection(CHUNK + 100)) });
    // One already stored and not newer: "already present".
    await s.handle({
      id: 2,
      type: 'plan',
      handles: [1],
      names: ['a.json'],
      input: input([{ id: 'urn:uuid:a-0', modified: '2026-01-01T00:00:00Z' }]),
    });
    const mine = replies.filter((r) => r.id === 2);
    const chunks = mine.flatMap((r) => (r.type === 'chunk' ? [r.put.length] : []));
    expect(chunks).toEqual([CHUNK, 99]);
    const progress = mine.flatMap((r) => (r.type === 'progress' ? [[r.done, r.total]] : []));
    expect(progress.at(-1)).toEqual([CHUNK + 100, CHUNK + 100]);
    const planned = mine.at(-1);
    expect(planned).toMatchObject({
      type: 'planned',
      count: CHUNK + 99,
      plan: { docId: meta.id, report: { fresh: CHUNK + 99, present: 1, exact: CHUNK + 99 } },
    });
    expect(planned?.type === 'planned' && planned.plan.tags.map((t) => t.name)).toEqual(['Claim']);
    expect(s.held).toBe(0);
    await s.handle({ id: 3, type: 'plan', handles: [1], names: ['a.json'], input: input() });
    expect(replies.at(-1)).toMatchObject({ id: 3, type: 'error' });
  });

  it('plans several files as one import (a class’s hand-ins); drop frees what is not planned', async () => {
    const { s, replies } = session();
    await s.handle({ id: 1, type: 'read', name: 'a.json', file: file(collection(4)) });
    await s.handle({ id: 2, type: 'read', name: 'b.json', file: file(collection(6)) });
    await s.handle({ id: 3, type: 'read', name: 'c.json', file: file(collection(1)) });
    await s.handle({ id: 4, type: 'plan', handles: [1, 2], names: ['a', 'b'], input: input() });
    expect(replies.at(-1)).toMatchObject({ type: 'planned', count: 6 });
    expect(s.held).toBe(1);
    await s.handle({ id: 5, type: 'drop', handles: [3] });
    expect(s.held).toBe(0);
  });
});

describe('ImportWorker without a Worker (the in-page fallback runs the same session)', () => {
  it('reads and plans, reassembling the chunks', async () => {
    const w = new ImportWorker(env());
    const read = await w.read('a.json', file(collection(CHUNK * 2 + 1)));
    if (!read.ok || read.value.kind !== 'annotations') throw new Error('not read');
    const seen: number[] = [];
    const plan = await w.plan([read.value.handle], ['a.json'], input(), {
      onProgress: (done) => seen.push(done),
    });
    expect(plan.put.map((a) => a.id)).toEqual(annotations(CHUNK * 2 + 1).map((a) => a.id));
    expect(plan.report.fresh).toBe(CHUNK * 2 + 1);
    expect(seen.at(-1)).toBe(CHUNK * 2 + 1);
  });

  it('a cancelled call rejects as cancelled', async () => {
    const w = new ImportWorker(env());
    const stop = new AbortController();
    const read = w.read('a.json', file(collection(10)), { signal: stop.signal });
    stop.abort();
    await expect(read).rejects.toBeInstanceOf(ImportCancelled);
    await expect(
      w.read('a.json', file(collection(1)), { signal: stop.signal }),
    ).rejects.toBeInstanceOf(ImportCancelled);
  });
});
