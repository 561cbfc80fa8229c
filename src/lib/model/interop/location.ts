import { TextIndex } from '../text-index';
import type { ExportInput } from './format';

export interface Location {
  kind: 'page' | 'paragraph';
  /** 1-based. */
  n: number;
}

/**
 * Where each annotation is, as a reader would cite it: the page for paged documents (when the
 * input can tell), else the paragraph number, counting blocks of text separated by blank lines
 * (both plain text and the shown text of Markdown separate paragraphs so).
 */
export function locator(input: Pick<ExportInput, 'text' | 'pageAt'>): (offset: number) => Location {
  const index = new TextIndex(input.text);
  // UTF-16 index where each paragraph after the first starts.
  const starts: number[] = [];
  const text = input.text.replace(/^\s+/, (m) => ' '.repeat(m.length));
  for (const m of text.matchAll(/\n[ \t]*\n\s*/g)) starts.push(m.index + m[0].length);
  return (offset) => {
    const page = input.pageAt?.(offset);
    if (page !== undefined) return { kind: 'page', n: page };
    const u = index.toUtf16(offset);
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] <= u) lo = mid + 1;
      else hi = mid;
    }
    return { kind: 'paragraph', n: lo + 1 };
  };
}

/**
 * Where an annotation is, in words: its citation for a page ("p. 12", "pp. 12–13"; `Page N`
 * without one), else its chapter (when the input cites one) and paragraph. `page`/`paragraph`
 * are the words for the numbers ('Page'/'Paragraph' or 'page'/'paragraph').
 */
export function placeName(
  input: Pick<ExportInput, 'cite'>,
  loc: Location,
  range: { start: number; end: number },
  words: { page: string; paragraph: string },
): string {
  const cite = input.cite?.(range.start, range.end) ?? '';
  if (loc.kind === 'page') return cite || `${words.page} ${loc.n}`;
  return cite ? `${cite} · ${words.paragraph} ${loc.n}` : `${words.paragraph} ${loc.n}`;
}

/** Tag names of an annotation, in its order, skipping ids no longer in the tag set. */
export function tagNamesOf(
  tagIds: readonly string[],
  tags: readonly { id: string; name: string }[],
): string[] {
  const byId = new Map(tags.map((t) => [t.id, t.name]));
  return tagIds.map((id) => byId.get(id)).filter((n): n is string => !!n);
}
