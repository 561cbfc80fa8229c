import { describe, expect, it } from 'vitest';
import { findSameFile } from './identity';
import type { DocumentMeta } from './types';

const meta = (id: string, extra: Partial<DocumentMeta> = {}): DocumentMeta => ({
  id,
  title: id,
  format: 'pdf',
  size: 1,
  contentHash: id.padEnd(64, '0'),
  created: '2026-01-01T00:00:00Z',
  opened: '2026-01-01T00:00:00Z',
  annotationCount: 0,
  ...extra,
});

describe('findSameFile', () => {
  const docs = [
    meta('a', { fingerprints: ['aaaa', 'a1'] }),
    meta('b', { original: { name: 'b.pdf', type: 'application/pdf', size: 3, hash: 'bytes-b' } }),
    meta('c'),
  ];

  it('finds a re-saved PDF by its permanent fingerprint, whatever the changing one', () => {
    expect(findSameFile(docs, { fingerprints: ['aaaa', 'a2'] })).toEqual({
      meta: docs[0],
      reason: 'fingerprint',
    });
  });

  it('finds the same bytes by their hash before fingerprints', () => {
    expect(findSameFile(docs, { bytesHash: 'bytes-b', fingerprints: ['aaaa'] })?.meta.id).toBe('b');
  });

  it('never matches on the changing fingerprint alone, nor on nothing', () => {
    expect(findSameFile(docs, { fingerprints: ['zzzz', 'a1'] })).toBeNull();
    expect(findSameFile(docs, {})).toBeNull();
    expect(findSameFile(docs, { fingerprints: [] })).toBeNull();
  });
});
