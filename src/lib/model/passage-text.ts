/**
 * The text of a class passage, for the class summaries (class-summary.ts, the Obsidian class
 * note): the passage's range of the document's text, or pieced together from its marks' quotes
 * when the text is not at hand; excerpts and clipped cells. Pure.
 */
import type { Passage } from './class-analysis';

/**
 * The text of a passage. With the document's text: exactly code points [start, end). Without:
 * the marks' quotes stitched in position order, each contributing what lies beyond the text
 * already covered — exact when every quote is as long as its range; when one is not (a mark
 * placed by fuzzy anchoring), the longest quote stands for the passage.
 */
export function passageQuote(p: Passage, text?: string): string {
  if (text !== undefined) return sliceCodePoints(text, p.start, p.end);
  const marks = [...p.marks].sort((x, y) => x.start - y.start || y.end - x.end);
  if (marks.every((m) => [...m.quote].length === m.end - m.start)) {
    let out = '';
    let at = p.start;
    for (const m of marks) {
      if (m.end <= at) continue;
      out += [...m.quote].slice(Math.max(0, at - m.start)).join('');
      at = m.end;
    }
    return out;
  }
  return marks.reduce((best, m) => (m.quote.length > best.length ? m.quote : best), '');
}

/** Code points [start, end) of `text`, found without splitting the whole text into an array. */
function sliceCodePoints(text: string, start: number, end: number): string {
  let i = 0;
  let cp = 0;
  const advance = (to: number) => {
    while (cp < to && i < text.length) {
      const c = text.charCodeAt(i);
      i +=
        c >= 0xd800 &&
        c <= 0xdbff &&
        i + 1 < text.length &&
        (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
          ? 2
          : 1;
      cp++;
    }
    return i;
  };
  const from = advance(Math.max(0, start));
  return text.slice(from, advance(Math.max(start, end)));
}

/** At most `max` code points, cut after a word when one ends in the last third, with "…". */
export function excerpt(s: string, max: number): string {
  const cps = [...s.trim()];
  if (cps.length <= max) return cps.join('');
  let cut = cps.slice(0, max).join('');
  const space = cut.search(/\s\S*$/);
  if (space > (cut.length * 2) / 3) cut = cut.slice(0, space);
  return `${cut.trimEnd()} …`;
}

/** At most `max` UTF-16 units, never ending inside a surrogate pair. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const c = s.charCodeAt(max - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max);
}
