import { describe, expect, it } from 'vitest';
import { TextIndex } from './text-index';
import { anchor } from './anchor';
import { normalizeText } from './decode';
import { base, cpIndexOf, cpLen, quoted, target } from './anchor.checks';

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
