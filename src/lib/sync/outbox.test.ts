import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createAnnotation } from '../model/annotation';
import type { Annotation } from '../model/types';
import { ANNOTATIONS_KEY } from './mirror';
import { Outbox } from './outbox';

let n = 0;
function anno(note: string, iso = '2026-01-01T10:00:00.000Z'): Annotation {
  const a = createAnnotation(
    {
      now: () => new Date(iso),
      uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    },
    {
      docId: 'urn:uuid:doc',
      creator: 'Ada',
      target: {
        quote: { type: 'TextQuoteSelector', exact: 'woods', prefix: '', suffix: '' },
        position: { type: 'TextPositionSelector', start: 0, end: 5 },
      },
    },
  );
  return { ...a, note };
}

describe('Outbox', () => {
  it('merges held batches by id: the last change wins, nothing is sent twice', () => {
    const map = new Y.Doc().getMap<unknown>(ANNOTATIONS_KEY);
    const box = new Outbox();
    const [x, y, z] = [anno('x'), anno('y'), anno('z')];
    box.add({ put: [x, y], delete: [] });
    box.add({ put: [{ ...x, note: 'x edited' }], delete: [y.id, 'urn:uuid:earlier'] });
    box.add({ put: [z], delete: [] });
    box.add({ put: [y], delete: [z.id] });
    expect(box.size).toBe(4);
    const out = box.take(map);
    expect(out.put).toEqual([{ ...x, note: 'x edited' }, y]);
    expect(out.delete.sort()).toEqual([z.id, 'urn:uuid:earlier'].sort());
    expect(box.size).toBe(0);
    expect(box.take(map)).toEqual({ put: [], delete: [] });
  });

  it('within one batch a put beats a delete of the same id (as applyLocalBatch reads it)', () => {
    const box = new Outbox();
    const x = anno('x');
    box.add({ put: [x], delete: [x.id] });
    expect(box.take(new Y.Doc().getMap(ANNOTATIONS_KEY))).toEqual({ put: [x], delete: [] });
  });

  it('leaves out a held put the room holds with a later edit (that copy reached the app)', () => {
    const map = new Y.Doc().getMap<unknown>(ANNOTATIONS_KEY);
    const old = anno('offline edit', '2026-01-01T10:00:00.000Z');
    const fresh = anno('fresh');
    map.set(old.id, { ...old, note: 'later, elsewhere', modified: '2026-01-02T10:00:00.000Z' });
    map.set(fresh.id, { ...fresh, note: 'older copy', modified: '2025-12-31T10:00:00.000Z' });
    const box = new Outbox();
    box.add({ put: [old, fresh], delete: [] });
    expect(box.take(map).put).toEqual([fresh]);
  });
});
