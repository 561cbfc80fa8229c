import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate } from './validate-update';
import { LIMITS } from './limits';

function updateFrom(edit: (doc: Y.Doc) => void, base = new Y.Doc()): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  edit(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

describe('checkUpdate', () => {
  const room = new Y.Doc();
  it('accepts records and tombstones within bounds', () => {
    expect(
      checkUpdate(
        room,
        updateFrom((d) => d.getMap('annotations').set('a', { id: 'a' })),
      ),
    ).toBe(null);
    expect(
      checkUpdate(
        room,
        updateFrom((d) =>
          d.getMap('deleted').set('b', { at: '2026-01-01T00:00:00Z', creator: 'Ada' }),
        ),
      ),
    ).toBe(null);
  });
  it('names each kind of breach', () => {
    expect(
      checkUpdate(
        room,
        updateFrom((d) => d.getText('other').insert(0, 'x')),
      ),
    ).toMatch(/not part of a class room/);
    expect(
      checkUpdate(
        room,
        updateFrom((d) => d.getMap('annotations').set('a', 'text')),
      ),
    ).toMatch(/not a JSON object/);
    expect(
      checkUpdate(
        room,
        updateFrom((d) =>
          d.getMap('annotations').set('a', { note: 'x'.repeat(LIMITS.recordBytes) }),
        ),
      ),
    ).toMatch(/larger than/);
    const many = updateFrom((d) =>
      d.transact(() => {
        for (let i = 0; i <= LIMITS.recordsPerRoom; i++)
          d.getMap('annotations').set(`k${i}`, { i });
      }),
    );
    expect(checkUpdate(room, many)).toMatch(/at most 5000 annotations/);
    expect(
      checkUpdate(
        room,
        updateFrom((d) => d.getMap('deleted').set('a', 'yesterday')),
      ),
    ).toMatch(/deletion of a is not a JSON object/);
    expect(
      checkUpdate(
        room,
        updateFrom((d) => d.getMap('deleted').set('a', { at: 'x'.repeat(LIMITS.tombstoneBytes) })),
      ),
    ).toMatch(/deletion of a is larger than/);
    const manyTombs = updateFrom((d) =>
      d.transact(() => {
        for (let i = 0; i <= LIMITS.tombstonesPerRoom; i++)
          d.getMap('deleted').set(`k${i}`, { at: '2026-01-01T00:00:00Z', creator: 'A' });
      }),
    );
    expect(checkUpdate(room, manyTombs)).toMatch(/at most 10000 deletions/);
    expect(checkUpdate(room, new Uint8Array([1, 2, 3]))).toMatch(/could not be read/);
  });
  it('keeps its copy of the room in step: what the room gained elsewhere counts, a refusal leaves nothing behind', () => {
    const room = new Y.Doc();
    const apply = (u: Uint8Array) => {
      const problem = checkUpdate(room, u);
      if (!problem) Y.applyUpdate(room, u);
      return problem;
    };
    expect(apply(updateFrom((d) => d.getMap('annotations').set('a', { id: 'a' }), room))).toBe(
      null,
    );
    // Another instance's writes reach the room through Redis, not through this check.
    room.transact(() => {
      for (let i = 0; i < LIMITS.recordsPerRoom - 1; i++)
        room.getMap('annotations').set(`r${i}`, { i });
    });
    expect(apply(updateFrom((d) => d.getMap('annotations').set('one-too-many', {}), room))).toMatch(
      /at most 5000 annotations/,
    );
    expect(apply(updateFrom((d) => d.getText('other').insert(0, 'x'), room))).toMatch(
      /not part of a class room/,
    );
    // Neither refused update stays in the copy: replacing a record is still fine.
    expect(
      apply(updateFrom((d) => d.getMap('annotations').set('a', { id: 'a', v: 2 }), room)),
    ).toBe(null);
    expect(room.getMap('annotations').size).toBe(LIMITS.recordsPerRoom);
  });
});
