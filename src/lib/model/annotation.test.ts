import { describe, it, expect } from 'vitest';
import { createAnnotation, highlightDescription, highlightTitle } from './annotation';
import type { Annotation, Env, Tag } from './types';

const env: Env = {
  now: () => new Date('2026-11-25T10:00:00Z'),
  uuid: () => '00000000-0000-4000-8000-000000000001',
};
const target = {
  quote: { type: 'TextQuoteSelector' as const, exact: 'war', prefix: 'bloody ', suffix: '.' },
  position: { type: 'TextPositionSelector' as const, start: 7, end: 10 },
};
const tags: Tag[] = [
  { id: 't1', name: 'Claim', color: 'blue' },
  { id: 't2', name: 'Evidence', color: 'green' },
];
const byId = new Map(tags.map((t) => [t.id, t]));
const make = (over: Partial<Annotation> = {}): Annotation => ({
  ...createAnnotation(env, { docId: 'd', target, creator: 'Ana' }),
  ...over,
});

describe('highlightDescription', () => {
  it('names the tags and the whole note on one line', () => {
    const a = make({ tags: ['t1', 't2'], note: 'first line\nsecond   line' });
    expect(highlightDescription(a, byId)).toBe('Claim, Evidence. Note: first line second line');
    expect(highlightDescription(a, byId, 'Ana')).toBe(
      'Annotation by Ana: Claim, Evidence. Note: first line second line',
    );
  });

  it('says "Highlight" for a plain one, with its creator when given', () => {
    expect(highlightDescription(make(), byId)).toBe('Highlight');
    expect(highlightDescription(make(), byId, 'Ana')).toBe('Highlight by Ana');
    expect(highlightDescription(make(), byId, '  ')).toBe('Highlight');
    expect(highlightDescription(make({ note: 'why?' }), byId)).toBe('Highlight. Note: why?');
  });

  it('skips unknown tags and cuts the note at 200 characters', () => {
    const long = 'é'.repeat(300);
    const d = highlightDescription(make({ tags: ['gone', 't2'], note: long }), byId);
    expect(d.startsWith('Evidence. Note: ')).toBe(true);
    const shown = d.slice('Evidence. Note: '.length);
    expect([...shown]).toHaveLength(200);
    expect(shown.endsWith('…')).toBe(true);
    expect(highlightDescription(make({ note: 'x'.repeat(200) }), byId)).toBe(
      `Highlight. Note: ${'x'.repeat(200)}`,
    );
  });

  it('leaves the short tooltip as it was', () => {
    expect(highlightTitle(make({ tags: ['t1'], note: 'a\nb' }), byId)).toBe('Claim — a');
  });
});
