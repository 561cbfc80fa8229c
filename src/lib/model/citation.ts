import type { ParsedDocument } from './types';

/**
 * Citations of a range of the canonical text: its printed page label(s) in a PDF ("p. 12",
 * "pp. 12–13" across a break), its chapter in an EPUB. Pure; offsets are code points.
 */

type Located = Pick<ParsedDocument, 'pages' | 'chapters'>;

/** Index of the last entry starting at or before `offset` (-1 when none). */
function lastAtOrBefore(list: readonly { offset: number }[], offset: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].offset <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The page a code-point offset is printed on, or undefined in a document without pages. */
export function pageAt(doc: Located, offset: number) {
  const pages = doc.pages ?? [];
  const i = lastAtOrBefore(pages, offset);
  return pages[i < 0 ? 0 : i];
}

export function chapterAt(doc: Located, offset: number) {
  const chapters = doc.chapters ?? [];
  const i = lastAtOrBefore(chapters, offset);
  return i < 0 ? undefined : chapters[i];
}

/** "p. 12", "pp. 12–13", a chapter title, or '' when the document has neither. */
export function citeRange(doc: Located | null | undefined, start: number, end: number): string {
  if (!doc) return '';
  const first = pageAt(doc, start);
  if (first) {
    const last = pageAt(doc, Math.max(start, end - 1)) ?? first;
    return last.page === first.page ? `p. ${first.label}` : `pp. ${first.label}–${last.label}`;
  }
  return chapterAt(doc, start)?.title ?? '';
}

/** What the W3C export adds to a target's selectors so other tools find the place (issue #12):
 * for a PDF the physical page (RFC 3778 `page=N`), for an EPUB the chapter's spine href. */
export function fragmentSelector(doc: Located | null | undefined, start: number) {
  if (!doc) return undefined;
  const page = pageAt(doc, start);
  if (page)
    return {
      type: 'FragmentSelector' as const,
      conformsTo: 'http://tools.ietf.org/rfc/rfc3778',
      value: `page=${page.page}`,
    };
  const chapter = chapterAt(doc, start);
  if (chapter?.href) return { type: 'FragmentSelector' as const, value: chapter.href };
  return undefined;
}
