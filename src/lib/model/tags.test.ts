import { describe, it, expect } from 'vitest';
import { defaultTags, moveTag, nextColor, tagNameProblem, DEFAULT_TAGS } from './tags';
import {
  createAnnotation,
  editAnnotation,
  highlightClass,
  highlightTitle,
  shortenQuote,
} from './annotation';
import type { Env, Tag } from './types';

const env = (): Env => {
  let n = 0;
  return {
    now: () => new Date('2026-11-25T10:00:00Z'),
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  };
};

describe('tags', () => {
  it('ships a default close-reading codebook with colours and definitions', () => {
    const tags = defaultTags(env());
    expect(tags.map((t) => t.name)).toEqual(DEFAULT_TAGS.map((t) => t.name));
    expect(new Set(tags.map((t) => t.id)).size).toBe(tags.length);
    expect(new Set(tags.map((t) => t.color)).size).toBe(tags.length);
    expect(tags.every((t) => t.definition)).toBe(true);
  });

  it('rejects empty, too long and duplicate names (case-insensitive)', () => {
    const tags = defaultTags(env());
    expect(tagNameProblem('  ', tags)).toMatch(/needs a name/);
    expect(tagNameProblem('x'.repeat(61), tags)).toMatch(/at most 60/);
    expect(tagNameProblem('claim', tags)).toMatch(/already a tag named “claim”/);
    expect(tagNameProblem('Claim', tags, tags[0].id)).toBeNull();
    expect(tagNameProblem('Irony', tags)).toBeNull();
  });

  it('moves tags and picks an unused colour', () => {
    const tags = defaultTags(env());
    expect(
      moveTag(tags, 0, 2)
        .map((t) => t.name)
        .slice(0, 3),
    ).toEqual(['Evidence', 'Question', 'Claim']);
    expect(moveTag(tags, 0, 99)).toEqual(tags);
    const used = new Set(tags.map((t) => t.color));
    expect(used.has(nextColor(tags))).toBe(false);
  });
});

describe('annotations', () => {
  const target = {
    quote: { type: 'TextQuoteSelector' as const, exact: 'war', prefix: 'bloody ', suffix: '.' },
    position: { type: 'TextPositionSelector' as const, start: 7, end: 10 },
  };
  const tags: Tag[] = [
    { id: 't1', name: 'Claim', color: 'blue' },
    { id: 't2', name: 'Evidence', color: 'green' },
  ];
  const byId = new Map(tags.map((t) => [t.id, t]));

  it('creates with urn:uuid ids and injected time', () => {
    const a = createAnnotation(env(), { docId: 'd', target, creator: 'Ann', color: 'pink' });
    expect(a.id).toBe('urn:uuid:00000000-0000-4000-8000-000000000001');
    expect(a.created).toBe('2026-11-25T10:00:00.000Z');
    expect(a.color).toBe('pink');
    const e = editAnnotation({ ...env(), now: () => new Date('2026-11-26T00:00:00Z') }, a, {
      note: 'n',
    });
    expect(e.modified).toBe('2026-11-26T00:00:00.000Z');
    expect(e.created).toBe(a.created);
  });

  it('draws the first tag as background, the second as underline, notes marked', () => {
    const a = {
      ...createAnnotation(env(), { docId: 'd', target, creator: 'A', tags: ['t1', 't2'] }),
      note: 'first line\nsecond',
    };
    expect(highlightClass(a, byId)).toBe('mg-hl mg-c-blue mg-u-green mg-has-note');
    expect(highlightTitle(a, byId)).toBe('Claim, Evidence — first line');
    const plain = createAnnotation(env(), { docId: 'd', target, creator: 'A' });
    expect(highlightClass(plain, byId)).toBe('mg-hl mg-c-yellow');
    expect(highlightTitle(plain, byId)).toBe('Highlight');
  });

  it('shortens long quotes at a word boundary', () => {
    expect(shortenQuote('a  b\n c')).toBe('a b c');
    const long = 'word '.repeat(100);
    const s = shortenQuote(long, 50);
    expect(s.endsWith('…')).toBe(true);
    expect(s.length).toBeLessThanOrEqual(51);
  });
});
