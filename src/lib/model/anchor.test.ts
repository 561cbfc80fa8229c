import { describe, expect, it } from 'vitest';
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import { anchor, anchorAll } from './anchor';
import { base, cpIndexOf, quoted, target } from './anchor.checks';

describe('anchor', () => {
  it('is exact at the stored position on the same text, across scripts and emoji', () => {
    const text = 'Съешь 👩‍👩‍👧 مرحبا بالعالم 吾輩は猫である 🇫🇷 cafe\u0301 end';
    const index = new TextIndex(text);
    for (const q of ['👩‍👩‍👧', 'مرحبا', '吾輩は猫', '🇫🇷', 'cafe\u0301', 'Съешь']) {
      const t = target(text, q);
      expect(anchor(index, t)).toEqual({
        status: 'exact',
        start: t.position.start,
        end: t.position.end,
      });
    }
  });

  it('follows an insertion or deletion before the passage (exact)', () => {
    const t = target(base, 'the watery part of the world');
    for (const changed of [
      'PREFACE 📖 ' + base,
      base.replace('Some years ago—', ''),
      base.replace('Call me', 'Call me 👩‍👩‍👧'),
    ]) {
      const index = new TextIndex(changed);
      const a = anchor(index, t);
      expect(a.status).toBe('exact');
      expect(quoted(index, a)).toBe(t.quote.exact);
      expect(a.start).toBe(cpIndexOf(changed, 'the watery'));
    }
  });

  it('is unaffected by an edit after the passage', () => {
    const t = target(base, 'Call me Ishmael');
    const index = new TextIndex(base + ' THE END');
    expect(anchor(index, t)).toEqual({ status: 'exact', start: 0, end: 15 });
  });

  it('matches fuzzily after an edit inside the passage', () => {
    const t = target(base, 'I thought I would sail about a little and see the watery part');
    const changed = base.replace('sail about', 'sail 🚢 around');
    const index = new TextIndex(changed);
    const a = anchor(index, t);
    expect(a.status).toBe('fuzzy');
    expect(quoted(index, a)).toBe(
      'I thought I would sail 🚢 around a little and see the watery part',
    );
  });

  it('orphans a deleted passage', () => {
    const t = target(base, 'regulating the circulation');
    const index = new TextIndex(base.replace(' and regulating the circulation', ''));
    expect(anchor(index, t)).toEqual({ status: 'orphan' });
  });

  it('resolves a repeated phrase by its context', () => {
    const text =
      'alpha: the same words here. beta: the same words here. gamma: the same words here.';
    const t = target(text, 'the same words', text.indexOf('beta'));
    // Move everything so the stored position is stale.
    const changed = 'Intro text that shifts offsets. ' + text;
    const index = new TextIndex(changed);
    const a = anchor(index, t);
    expect(a.status).toBe('exact');
    expect(a.start).toBe(cpIndexOf(changed, 'the same words', changed.indexOf('beta')));
  });

  it('resolves a repeated phrase without context by the position hint', () => {
    const text = 'xx ab xx ab xx ab xx';
    const changed = 'Q' + text;
    const index = new TextIndex(changed);
    const quote = { type: 'TextQuoteSelector' as const, exact: 'ab', prefix: '', suffix: '' };
    const a = anchor(index, {
      quote,
      position: { type: 'TextPositionSelector', start: 9, end: 11 },
    });
    expect(a).toEqual({ status: 'exact', start: 10, end: 12 });
  });

  it('anchors quote-only targets, choosing by context', () => {
    const text = 'one the end two the end three';
    const index = new TextIndex(text);
    const quote = {
      type: 'TextQuoteSelector' as const,
      exact: 'the end',
      prefix: 'two ',
      suffix: ' three',
    };
    expect(anchor(index, { quote })).toEqual({ status: 'exact', start: 16, end: 23 });
    expect(anchor(index, { quote: { ...quote, exact: 'not here at all, anywhere' } })).toEqual({
      status: 'orphan',
    });
  });

  it('anchors position-only targets when in range', () => {
    const index = new TextIndex('a😀bc');
    expect(anchor(index, { position: { type: 'TextPositionSelector', start: 1, end: 3 } })).toEqual(
      { status: 'exact', start: 1, end: 3 },
    );
    expect(anchor(index, { position: { type: 'TextPositionSelector', start: 1, end: 9 } })).toEqual(
      { status: 'orphan' },
    );
    expect(anchor(index, {})).toEqual({ status: 'orphan' });
  });

  it('works on CRLF-normalised text', () => {
    const crlf = 'First line\r\nsecond line with words\r\nthird line';
    const text = crlf.replace(/\r\n/g, '\n');
    const t = target(text, 'second line with words\nthird');
    const index = new TextIndex(text);
    expect(anchor(index, t)).toEqual({ status: 'exact', start: 11, end: 39 });
  });

  it('places an empty quote by its context', () => {
    const t = describeRange(new TextIndex(base), 8, 8);
    const changed = 'Shift. ' + base;
    const index = new TextIndex(changed);
    expect(anchor(index, t)).toEqual({ status: 'exact', start: 15, end: 15 });
  });

  it('matches a long quote by its ends after an edit in the middle', () => {
    const para = Array.from(
      { length: 40 },
      (_, i) => `Sentence number ${i} says something rather distinct.`,
    ).join(' ');
    const quote = para.slice(200, 1400);
    const t = target(para, quote);
    const changed = 'Lead. ' + para.slice(0, 700) + ' INSERTED WORDS 😀 HERE ' + para.slice(700);
    const index = new TextIndex(changed);
    const a = anchor(index, t);
    expect(a.status).toBe('fuzzy');
    expect(a.start).toBe(206);
    expect(quoted(index, a)?.endsWith(quote.slice(-64))).toBe(true);
  });

  it('never throws on malformed stored values', () => {
    const index = new TextIndex(base);
    const quote = { type: 'TextQuoteSelector' as const, exact: 'Ishmael', prefix: '', suffix: '' };
    for (const position of [
      { type: 'TextPositionSelector' as const, start: Number.NaN, end: 3 },
      { type: 'TextPositionSelector' as const, start: -4, end: 2.5 },
      { type: 'TextPositionSelector' as const, start: 1e12, end: 1e12 + 7 },
    ]) {
      expect(anchor(index, { quote, position })).toEqual({ status: 'exact', start: 8, end: 15 });
    }
  });
});

describe('anchorAll', () => {
  it(
    're-anchors many annotations after scattered edits, following the shift',
    { timeout: 60_000 },
    () => {
      const verses = Array.from(
        { length: 400 },
        (_, i) => `${i + 1} And it came to pass in verse ${i} that the words were spoken.`,
      );
      const text = verses.join('\n');
      const index = new TextIndex(text);
      const targets = verses.map((v, i) => {
        const at = cpIndexOf(text, v);
        return describeRange(index, at + 2, at + 2 + (i % 3 === 0 ? 20 : 40));
      });
      expect(
        anchorAll(index, targets).every(
          (a, i) => a.status === 'exact' && a.start === targets[i].position.start,
        ),
      ).toBe(true);
      const changed = verses.map((v, i) => (i % 50 === 7 ? 'INSERTED ✍️ ' + v : v)).join('\n');
      const changedIndex = new TextIndex(changed);
      const anchors = anchorAll(changedIndex, targets);
      anchors.forEach((a, i) => {
        expect(a.status).toBe('exact');
        expect(quoted(changedIndex, a)).toBe(targets[i].quote.exact);
        expect(changedIndex.slice(a.start! - 2, a.start!)).toMatch(/^\d/);
      });
    },
  );
});
