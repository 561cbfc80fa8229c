import { describe, it, expect } from 'vitest';
import { exportW3CBlob } from './w3c-export';
import { serializeCollection } from '../model/w3c';
import type { Annotation, DocumentMeta, Tag } from '../model/types';

const meta: DocumentMeta = {
  id: 'urn:uuid:0b9c5c8e-6c86-4bd6-9a51-0d0d0d0d0d0d',
  title: 'Ça « va »',
  format: 'text',
  size: 10,
  contentHash: 'ab'.repeat(32),
  created: '2026-01-01T00:00:00Z',
  opened: '2026-01-01T00:00:00Z',
  annotationCount: 2,
};
const tags: Tag[] = [{ id: 't1', name: 'Claim', color: 'blue' }];
const a = (id: string, start: number, extra: Partial<Annotation> = {}): Annotation => ({
  id,
  docId: meta.id,
  target: {
    quote: { type: 'TextQuoteSelector', exact: 'x😀', prefix: '', suffix: '"' },
    position: { type: 'TextPositionSelector', start, end: start + 2 },
  },
  tags: ['t1'],
  note: '',
  creator: 'Me',
  created: '2026-01-01T00:00:00Z',
  modified: '2026-01-01T00:00:00Z',
  ...extra,
});

describe('W3C export file', () => {
  it('without a Worker (here) is built in the page: the collection, indented by two', async () => {
    expect(typeof Worker).toBe('undefined');
    const anns = [a('urn:uuid:2', 5, { note: 'why?' }), a('urn:uuid:1', 1)];
    const at = new Date('2026-02-03T04:05:06Z');
    const blob = await exportW3CBlob(meta, anns, tags, at);
    expect(blob.type).toBe('application/ld+json');
    expect(await blob.text()).toBe(
      JSON.stringify(serializeCollection(meta, anns, tags, { generatedAt: at }), null, 2),
    );
  });

  it('asked to read the stored annotations (`from`) but built in the page: the same records, in id order', async () => {
    const anns = [a('urn:uuid:2', 5), a('urn:uuid:1', 1)];
    const at = new Date('2026-02-03T04:05:06Z');
    const blob = await exportW3CBlob(meta, anns, tags, at, undefined, {
      dbName: 'unused-here',
      docId: meta.id,
    });
    const sorted = [anns[1], anns[0]];
    expect(await blob.text()).toBe(
      JSON.stringify(serializeCollection(meta, sorted, tags, { generatedAt: at }), null, 2),
    );
  });
});
