import { describe, expect, it } from 'vitest';
import { readAnnotationRecord } from './record';
import type { Annotation } from '../model/types';
import { annotationRecord } from '../model/annotation.fixtures';

const TEXT = 'In the beginning was the word.';
const ctx = { docId: 'urn:uuid:doc', textLength: TEXT.length };
const record = (extra: Partial<Annotation> = {}): Annotation =>
  annotationRecord(
    {
      id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
      docId: ctx.docId,
      creator: 'Ada',
      at: '2026-01-01T10:00:00.000Z',
      exact: 'was',
      prefix: 'beginning ',
      suffix: ' the',
      start: 17,
    },
    extra,
  );
const read = (v: unknown) => readAnnotationRecord(record().id, v, ctx);

describe('a live record’s edit mark (Annotation.edit)', () => {
  it('is carried, field by field', () => {
    const edit = { outcome: 'changed', oldQuote: 'is', version: 2, reviewed: true } as const;
    expect(read(record({ edit }))).toEqual({ ok: true, value: record({ edit }) });
    const plain = read(record({ edit: { outcome: 'adjusted', oldQuote: 'wa', version: 3 } }));
    expect(plain.ok && plain.value.edit).toEqual({
      outcome: 'adjusted',
      oldQuote: 'wa',
      version: 3,
    });
    const extra = read({ ...record(), edit: { ...edit, evil: 1 } });
    expect(extra.ok && extra.value.edit).toEqual(edit);
  });

  it('a lost passage keeps its old target even beyond the current text', () => {
    const lost = record({
      edit: { outcome: 'lost', oldQuote: 'gone', version: 2 },
      target: {
        quote: { type: 'TextQuoteSelector', exact: 'gone', prefix: '', suffix: '' },
        position: { type: 'TextPositionSelector', start: 40, end: 44 },
      },
    });
    expect(read(lost).ok).toBe(true);
    expect(read({ ...lost, edit: undefined }).ok).toBe(false);
  });

  it('refuses a mark that is not an edit outcome, naming the problem', () => {
    for (const edit of [
      'changed',
      { outcome: 'moved', oldQuote: '', version: 2 },
      { outcome: 'changed', oldQuote: 1, version: 2 },
      { outcome: 'changed', oldQuote: '', version: 0 },
      { outcome: 'changed', oldQuote: '', version: 2.5 },
      { outcome: 'changed', oldQuote: '', version: 2, reviewed: 'yes' },
    ])
      expect(read({ ...record(), edit })).toEqual({
        ok: false,
        error: expect.stringMatching(/edit mark/),
      });
  });
});
