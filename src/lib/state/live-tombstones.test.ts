import { describe, expect, it } from 'vitest';
import { LocalTombstones, liveTombstonesKey } from './live-tombstones';

/** The settings part of the library store, in memory. */
function settings() {
  const values = new Map<string, unknown>();
  return {
    values,
    getSetting: async <T>(k: string) => values.get(k) as T | undefined,
    setSetting: async (k: string, v: unknown) => void values.set(k, v),
  };
}

const clock = () => new Date('2026-01-02T10:00:00.000Z');

describe('LocalTombstones', () => {
  it('keeps a student’s deletions across a reload; an undo forgets one; leaving forgets all', async () => {
    const store = settings();
    const first = new LocalTombstones(store, clock);
    await first.load('doc');
    first.note('doc', [], ['urn:uuid:a', 'urn:uuid:b'], 'Ada');
    first.note('other-doc', [], ['urn:uuid:c'], 'Ada');
    first.note('doc', ['urn:uuid:b'], [], 'Ada');
    await first.saved();
    const reloaded = new LocalTombstones(store, clock);
    // Noted before the saved ones are read (a deletion right after opening): both kept.
    const loading = reloaded.load('doc');
    reloaded.note('doc', [], ['urn:uuid:d'], 'Ada');
    await loading;
    expect([...reloaded.map.keys()].sort()).toEqual(['urn:uuid:a', 'urn:uuid:d']);
    expect(reloaded.map.get('urn:uuid:a')).toEqual({ at: clock().toISOString(), creator: 'Ada' });
    await reloaded.clear('doc');
    expect(store.values.get(liveTombstonesKey('doc'))).toBeUndefined();
    expect(reloaded.map.size).toBe(0);
  });

  it('ignores what is not a tombstone in the stored setting', async () => {
    const store = settings();
    store.values.set(liveTombstonesKey('doc'), {
      'urn:uuid:ok': { at: '2026-01-01T00:00:00.000Z', creator: 'Ada' },
      'urn:uuid:bad': { at: 'yesterday', creator: 'Ada' },
      'not an iri': { at: '2026-01-01T00:00:00.000Z', creator: 'Ada' },
    });
    const t = new LocalTombstones(store, clock);
    await t.load('doc');
    expect([...t.map.keys()]).toEqual(['urn:uuid:ok']);
  });
});
