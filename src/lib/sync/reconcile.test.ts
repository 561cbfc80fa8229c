import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createAnnotation } from '../model/annotation';
import type { Annotation } from '../model/types';
import { acceptRemote } from './accept';
import { ANNOTATIONS_KEY, applyLocalBatch } from './mirror';
import { reconcile } from './reconcile';
import { readTombstones, type Tombstone } from './tombstones';

const TEXT = 'In the beginning 🌍 was the word.';
const ctx = { docId: 'urn:uuid:doc', textLength: [...TEXT].length };
let n = 0;
const day = (d: number) => `2026-01-0${d}T10:00:00.000Z`;

function anno(note: string, modified = day(1)): Annotation {
  const a = createAnnotation(
    {
      now: () => new Date(day(1)),
      uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    },
    {
      docId: ctx.docId,
      creator: 'Ada',
      target: {
        quote: { type: 'TextQuoteSelector', exact: '🌍 was', prefix: 'beginning ', suffix: ' the' },
        position: { type: 'TextPositionSelector', start: 17, end: 22 },
      },
    },
  );
  return { ...a, note, modified };
}

/** The server's copy of a room holding `records` (and tombstones), and a fresh client doc
 * synced from it, as a provider's first sync leaves it. */
function roomWith(records: Annotation[], deleted: [string, Tombstone][] = []) {
  const server = new Y.Doc();
  applyLocalBatch(server.getMap(ANNOTATIONS_KEY), { put: records, delete: [] });
  for (const [id, t] of deleted) server.getMap('deleted').set(id, t);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const sync = () => Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
  return { server, client, sync };
}

describe('first sync (reconcile)', () => {
  it('each side gets what it lacks, the later edit wins', () => {
    const shared = anno('old');
    const onlyRemote = anno('remote');
    const { server, client, sync } = roomWith([
      onlyRemote,
      { ...shared, note: 'newer remote', modified: day(2) },
    ]);
    const onlyLocal = anno('local');
    const batch = reconcile(client, ctx, { local: [shared, onlyLocal] });
    sync();
    expect(batch.put.map((a) => a.note).sort()).toEqual(['newer remote', 'remote']);
    expect(batch.delete).toEqual([]);
    expect(server.getMap(ANNOTATIONS_KEY).has(onlyLocal.id)).toBe(true);
    expect((server.getMap(ANNOTATIONS_KEY).get(shared.id) as Annotation).note).toBe('newer remote');
  });

  it('a record deleted here while the room was closed is removed from the room, never taken back', () => {
    const kept = anno('kept');
    const gone = anno('deleted offline');
    const editedElsewhere = anno('deleted here, edited later in the room');
    const { server, client, sync } = roomWith([
      kept,
      gone,
      { ...editedElsewhere, modified: day(5) },
    ]);
    const local = new Map<string, Tombstone>([
      [gone.id, { at: day(3), creator: 'Ada' }],
      [editedElsewhere.id, { at: day(3), creator: 'Ada' }],
    ]);
    const batch = reconcile(client, ctx, { local: [kept], tombstones: local });
    sync();
    expect(batch).toEqual({ put: [], delete: [], problems: [] });
    const map = server.getMap(ANNOTATIONS_KEY);
    expect([...map.keys()]).toEqual([kept.id]);
    expect(readTombstones(server).get(gone.id)).toEqual({ at: day(3), creator: 'Ada' });
  });

  it('without a local tombstone, a record missing here is new (another tab) unless the room has its tombstone', () => {
    const fromOtherTab = anno('other tab');
    const tombstoned = anno('deleted, yet still in the room');
    const { client } = roomWith(
      [fromOtherTab, tombstoned],
      [[tombstoned.id, { at: day(2), creator: 'Ada' }]],
    );
    const batch = reconcile(client, ctx, { local: [] });
    expect(batch.put).toEqual([fromOtherTab]);
    expect(client.getMap(ANNOTATIONS_KEY).has(tombstoned.id)).toBe(false);
  });

  it('a local copy older than the room’s tombstone is deleted here; a later one goes back to the room', () => {
    const stale = anno('stale', day(1));
    const restored = anno('edited after the deletion', day(4));
    const { client } = roomWith(
      [],
      [
        [stale.id, { at: day(2), creator: 'Ada' }],
        [restored.id, { at: day(2), creator: 'Ada' }],
      ],
    );
    const batch = reconcile(client, ctx, { local: [stale, restored] });
    expect(batch.delete).toEqual([stale.id]);
    expect(client.getMap(ANNOTATIONS_KEY).has(restored.id)).toBe(true);
    expect(readTombstones(client).has(restored.id)).toBe(false);
  });

  it('a read-only first sync writes nothing and hands the room’s tombstones to acceptRemote', () => {
    const live = anno('live');
    const { client } = roomWith([live]);
    const goneSince = anno('deleted while the teacher was away');
    const editedLater = { ...anno('edited after that deletion?'), modified: day(6) };
    const others = { ...anno('another reader’s'), creator: 'Bo' };
    const prompt = { ...anno('a prompt'), prompt: true };
    for (const a of [goneSince, editedLater, others, prompt])
      client.getMap('deleted').set(a.id, { at: day(3), creator: 'Ada' });
    let writes = 0;
    client.on('update', () => writes++);
    const batch = reconcile(client, ctx, { local: [], readOnly: true });
    expect(writes).toBe(0);
    const here = new Map([goneSince, editedLater, others, prompt].map((a) => [a.id, a]));
    const ok = acceptRemote(batch, here, new Set(), 'student');
    expect(ok.put).toEqual([live]);
    expect(ok.delete).toEqual([goneSince.id]);
  });

  it('the teacher room’s tombstones remove, on a student’s side, the prompts deleted while they were away, unless answered', () => {
    const { client } = roomWith([]);
    const gone = { ...anno('a prompt deleted while away'), prompt: true };
    const answered = { ...anno('a prompt already answered'), prompt: true };
    const reworded = {
      ...anno('a prompt edited after that deletion?'),
      prompt: true,
      modified: day(6),
    };
    const byOther = { ...anno('a prompt by someone else'), prompt: true, creator: 'Bo' };
    const own = anno('the student’s own note');
    const reply = { ...anno('the student’s answer'), replyTo: answered.id };
    for (const a of [gone, answered, reworded, byOther, own])
      client.getMap('deleted').set(a.id, { at: day(3), creator: 'Ada' });
    const batch = reconcile(client, ctx, { local: [], readOnly: true });
    const here = new Map([gone, answered, reworded, byOther, own, reply].map((a) => [a.id, a]));
    expect(acceptRemote(batch, here, new Set(), 'prompts').delete).toEqual([gone.id]);
  });

  it('in a reader’s own room, a record they deleted here is not taken back by a later remote put', () => {
    const a = anno('deleted here');
    const ok = acceptRemote(
      { put: [a], delete: [], problems: [] },
      new Map(),
      new Set(),
      'own',
      new Set([a.id]),
    );
    expect(ok.put).toEqual([]);
  });
});
