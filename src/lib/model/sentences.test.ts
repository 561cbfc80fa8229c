import { describe, it, expect } from 'vitest';
import { sentenceAround } from './sentences';

describe('sentenceAround', () => {
  const t = 'First one. Second “quoted!” here? Third…';
  it('finds the sentence containing the offset', () => {
    const at = (o: number) => {
      const r = sentenceAround(t, o);
      return t.slice(r.start, r.end);
    };
    expect(at(2)).toBe('First one.');
    expect(at(12)).toBe('Second “quoted!”');
    expect(at(30)).toBe('here?');
    expect(at(t.length)).toBe('Third…');
  });
  it('returns the whole block when there is no punctuation', () => {
    expect(sentenceAround('no end here', 3)).toEqual({ start: 0, end: 11 });
  });
});
