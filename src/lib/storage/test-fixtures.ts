// Fixtures shared by the storage tests (imported only by *.test.ts).
import type { Annotation, DocumentMeta, DocumentText, TagSet } from '../model/types';
import { annotationRecord } from '../model/annotation.fixtures';

/** A fresh database name, so tests never share state. */
export const freshName = (): string => `test-${crypto.randomUUID()}`;

export const meta = (
  id: string,
  opened = '2026-01-01T00:00:00Z',
  extra: Partial<DocumentMeta> = {},
): DocumentMeta => ({
  id,
  title: id,
  format: 'text',
  size: 3,
  contentHash: `h-${id}`,
  created: opened,
  opened,
  annotationCount: 0,
  ...extra,
});

export const text = (id: string): DocumentText => ({ id, source: 'abc' });
export const tags = (docId: string, names: string[] = []): TagSet => ({
  docId,
  tags: names.map((name, i) => ({ id: `tag-${i}`, name, color: 'blue' })),
});

/** An annotation on the whole of `text`'s "abc". */
export const ann = (id: string, docId: string, extra: Partial<Annotation> = {}): Annotation =>
  annotationRecord(
    { id, docId, creator: 'Me', at: '2026-01-01T00:00:00Z', exact: 'abc', start: 0 },
    extra,
  );

/** A record that violates the annotations key path (no `id`): IndexedDB refuses it. */
export function withoutId(a: Annotation): Annotation {
  const broken: Partial<Annotation> = { ...a };
  delete broken.id;
  return broken as Annotation;
}

/** Lets BroadcastChannel deliver what was posted. */
export const settle = (ms = 30): Promise<void> => new Promise((r) => setTimeout(r, ms));
