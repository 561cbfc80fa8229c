/** Annotation records for tests of any layer (imported only by tests and their fixtures). */
import type { Annotation } from './types';

/** What `annotationRecord` needs: who made it when, and the quote with its code-point start. */
export interface RecordFields {
  id: string;
  docId: string;
  creator: string;
  /** Both `created` and `modified`. */
  at: string;
  exact: string;
  start: number;
  prefix?: string;
  suffix?: string;
}

/** A stored annotation on `exact` at `start` (end = start + its code points), no tags or note;
 * `extra` overrides any field. */
export const annotationRecord = (f: RecordFields, extra: Partial<Annotation> = {}): Annotation => ({
  id: f.id,
  docId: f.docId,
  target: {
    quote: {
      type: 'TextQuoteSelector',
      exact: f.exact,
      prefix: f.prefix ?? '',
      suffix: f.suffix ?? '',
    },
    position: { type: 'TextPositionSelector', start: f.start, end: f.start + [...f.exact].length },
  },
  tags: [],
  note: '',
  creator: f.creator,
  created: f.at,
  modified: f.at,
  ...extra,
});
