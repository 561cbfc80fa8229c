import { describe, expect, it } from 'vitest';
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import { anchor, anchorAll } from './anchor';
import { normalizeText } from './decode';
import { bookText } from './shared-files';
import type { Anchor } from './types';

const cpIndexOf = (text: string, s: string, from = 0): number =>
  [...text.slice(0, text.indexOf(s, from))].length;
const cpLen = (s: string): number => [...s].length;

function target(text: string, quote: string, from = 0) {
  const start = cpIndexOf(text, quote, from);
  return describeRange(new TextIndex(text), start, start + cpLen(quote));
}
const quoted = (index: TextIndex, a: Anchor): string | null =>
  a.status === 'orphan' ? null : index.slice(a.start, a.end);

const base =
  'Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse, ' +
  'and nothing particular to interest me on shore, I thought I would sail about a little and see the watery part of the world. 🐋 ' +
  'It is a way I have of driving off the spleen and regulating the circulation.';

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

describe('anchor: re-anchoring after edits', () => {
  const passage = 'see the watery part of the world';

  it('shifts by exactly the size of an insertion or deletion before the passage', () => {
    const t = target(base, passage);
    const ins = '👩‍👩‍👧 A PREFACE OF SOME LENGTH. ';
    const inserted = new TextIndex(ins + base);
    expect(anchor(inserted, t)).toEqual({
      status: 'exact',
      start: t.position.start + cpLen(ins),
      end: t.position.end + cpLen(ins),
    });
    const cut = 'Some years ago—never mind how long precisely—';
    const deleted = new TextIndex(base.replace(cut, ''));
    expect(anchor(deleted, t)).toEqual({
      status: 'exact',
      start: t.position.start - cpLen(cut),
      end: t.position.end - cpLen(cut),
    });
  });

  it('matches fuzzily after a deletion or replacement inside the passage', () => {
    const t = target(
      base,
      'I thought I would sail about a little and see the watery part of the world',
    );
    const deleted = new TextIndex(base.replace('sail about a little and ', 'sail and '));
    const a = anchor(deleted, t);
    expect(a.status).toBe('fuzzy');
    expect(quoted(deleted, a)).toBe('I thought I would sail and see the watery part of the world');
    const replaced = new TextIndex(base.replace('watery', 'wet'));
    const b = anchor(replaced, t);
    expect(b.status).toBe('fuzzy');
    expect(quoted(replaced, b)).toBe(
      'I thought I would sail about a little and see the wet part of the world',
    );
  });

  it('stays exact and in place after edits after the passage', () => {
    const t = target(base, 'Some years ago');
    for (const changed of [
      base + '\n\nTHE END',
      base.replace('spleen', 'melancholy 🌧'),
      base.slice(0, -20),
    ]) {
      expect(anchor(new TextIndex(changed), t)).toEqual({
        status: 'exact',
        start: t.position.start,
        end: t.position.end,
      });
    }
  });

  it('orphans a passage whose text was deleted entirely, even with context left', () => {
    const t = target(base, 'having little or no money in my purse');
    const index = new TextIndex(base.replace('having little or no money in my purse', ''));
    expect(anchor(index, t)).toEqual({ status: 'orphan' });
  });

  it('resolves a repeated phrase by prefix/suffix when the position is stale, and by the hint when context is absent', () => {
    const text = 'He said: I am here. She said: I am here. They said: I am here.';
    const t = target(text, 'I am here', text.indexOf('She'));
    const changed = 'Preface. '.repeat(7) + text;
    const index = new TextIndex(changed);
    expect(anchor(index, t)).toEqual({
      status: 'exact',
      start: cpIndexOf(changed, 'I am here', changed.indexOf('She')),
      end: cpIndexOf(changed, 'I am here', changed.indexOf('She')) + 9,
    });
    // Quote-only: the context alone decides.
    expect(anchor(index, { quote: t.quote }).start).toBe(
      cpIndexOf(changed, 'I am here', changed.indexOf('She')),
    );
    // No context: the copy nearest the (stale) stored position wins.
    const they = cpIndexOf(changed, 'I am here', changed.indexOf('They'));
    const he = cpIndexOf(changed, 'I am here');
    const bare = (start: number) => ({
      quote: { ...t.quote, prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector' as const, start, end: start + 9 },
    });
    expect(anchor(index, bare(they - 2))).toEqual({ status: 'exact', start: they, end: they + 9 });
    expect(anchor(index, bare(he + 3))).toEqual({ status: 'exact', start: he, end: he + 9 });
  });

  it('anchors a position-only target as given and a quote-only target by search', () => {
    const index = new TextIndex(base);
    expect(
      anchor(index, { position: { type: 'TextPositionSelector', start: 8, end: 15 } }),
    ).toEqual({ status: 'exact', start: 8, end: 15 });
    const quote = { type: 'TextQuoteSelector' as const, exact: 'Ishmael', prefix: '', suffix: '' };
    expect(anchor(index, { quote })).toEqual({ status: 'exact', start: 8, end: 15 });
  });

  it('anchors on CRLF text after normalisation to LF (annotation made on the normalised text)', () => {
    const crlf = 'Line one of the file.\r\nLine two, with the passage.\r\n\r\nLine four.\r\n';
    const lf = normalizeText(crlf);
    const t = target(lf, 'two, with the passage.\n\nLine four');
    expect(t.position).toMatchObject({ start: 27, end: 60 });
    expect(anchor(new TextIndex(lf), t)).toEqual({ status: 'exact', start: 27, end: 60 });
    // The same file saved again with old Mac line endings normalises to the same text.
    expect(anchor(new TextIndex(normalizeText(crlf.replace(/\r\n/g, '\r'))), t)).toEqual({
      status: 'exact',
      start: 27,
      end: 60,
    });
    // An edit before the passage in the CRLF file still finds it after normalisation.
    const edited = new TextIndex(normalizeText('Title\r\n\r\n' + crlf));
    expect(anchor(edited, t)).toEqual({ status: 'exact', start: 34, end: 67 });
  });
});

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('anchorAll: 10,000 targets on a book (kjv.txt, or a generated one of its size)', () => {
  // Correctness only: timings are measured by `npm run bench`, never asserted in tests.
  it(
    'all exact on the same text; after 40 scattered insertions every target whose quote no edit touches has its quote',
    { timeout: 180_000 },
    () => {
      const { text } = bookText();
      const index = new TextIndex(text);
      const rnd = rng(20240601);
      const targets = Array.from({ length: 10_000 }, () => {
        const len = 1 + Math.floor(rnd() * (rnd() < 0.9 ? 120 : 3000));
        const start = Math.floor(rnd() * (index.length - len));
        return describeRange(index, start, start + len);
      });

      const same = anchorAll(index, targets);
      expect(same).toHaveLength(10_000);
      same.forEach((a, i) =>
        expect(a).toEqual({
          status: 'exact',
          start: targets[i].position.start,
          end: targets[i].position.end,
        }),
      );

      // 40 short insertions at scattered code-point offsets (sorted, distinct).
      const inserts = [' Selah.', '¶', ' 📜 ', 'and ', 'X'];
      const places = [
        ...new Set(Array.from({ length: 40 }, () => Math.floor(rnd() * index.length))),
      ].sort((a, b) => a - b);
      const cps = index.length;
      let changed = '';
      let from = 0;
      places.forEach((p, i) => {
        changed += index.slice(from, p) + inserts[i % inserts.length];
        from = p;
      });
      changed += index.slice(from, cps);
      const changedIndex = new TextIndex(changed);
      const anchors = anchorAll(changedIndex, targets);
      let checked = 0;
      anchors.forEach((a, i) => {
        const { start, end } = targets[i].position;
        // An insertion at p overlaps the quote when it lands strictly inside it.
        if (places.some((p) => p > start && p < end)) return;
        checked++;
        expect(a.status).toBe('exact');
        expect(changedIndex.slice(a.start!, a.end!)).toBe(targets[i].quote.exact);
      });
      expect(checked).toBeGreaterThan(9_000);
    },
  );
});
