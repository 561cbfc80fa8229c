/**
 * Recorded PDF text → paragraphs per page (pure: no pdf.js, runs in Node and in a worker).
 *
 * Lines come from `readingLines` (columns already in reading order). Running headers, footers and
 * page numbers are taken out; lines are joined into paragraphs by line gap, first-line indent,
 * font size and short last lines; a word hyphenated at a line end is joined and the join
 * recorded; text is normalised with NFKC (ligatures: "ﬁne" → "fine").
 */
import { readingLines, type PdfLine, type PdfPageContent } from './lines';

export type { PdfPageContent, PdfTextItem, PdfLine } from './lines';

/** A hyphen removed where a word was split at a line end. */
export interface HyphenJoin {
  /** Index into the page's `paragraphs`. */
  paragraph: number;
  /** Code-point offset in that paragraph where the two halves now meet. */
  offset: number;
  /** The character removed ('-', U+00AD soft hyphen or U+2010). */
  hyphen: string;
}

/** One page's text, ready to become blocks after a page-break marker labelled `label`. */
export interface PdfPageText {
  /** 0-based physical page index. */
  index: number;
  label: string;
  /** Paragraphs in reading order, NFKC-normalised, single spaces, never empty strings. */
  paragraphs: string[];
  /** Hyphens removed inside this page's paragraphs. */
  joins: HyphenJoin[];
  /**
   * How `paragraphs[0]` relates to the previous page's last paragraph: 'none' = a new paragraph;
   * 'space' = the same paragraph, joined with one space; 'hyphen' = the same paragraph, a word
   * split at the page end (its hyphen already removed from the previous page's last paragraph,
   * recorded there as a join at its end), joined with nothing.
   */
  continuation: 'none' | 'space' | 'hyphen';
}

/**
 * Lays out every page. Running lines are found across the pages given, so calling it again with
 * more pages (progressive loading) may refine earlier pages; results depend only on the input.
 * Each page's lines are computed once and cached by page object (recorded pages are never
 * changed), so calling it again with more pages costs mostly the new pages; still, while loading,
 * call it for batches (the first pages, then every few dozen), not after every page.
 */
export function layoutPages(pages: readonly PdfPageContent[]): PdfPageText[] {
  const lines = pages.map(linesOf);
  const bands = pages.map((page, i) => new Set(bandOf(lines[i], page.height)));
  const running = runningKeys(bands);
  const flows = pages.map((page, i) =>
    lines[i].filter((line) => !(bands[i].has(line) && isFurniture(line, page, running))),
  );
  const geometries = flows.map(geometryOf);
  const result: PdfPageText[] = [];
  pages.forEach((page, i) => {
    const flow = flows[i];
    const built = paragraphsOf(flow, geometries[i]);
    const text: PdfPageText = {
      index: page.index,
      label: page.label,
      paragraphs: built.paragraphs,
      joins: built.joins,
      continuation: 'none',
    };
    const previous = result.at(-1);
    /** Across a page break a sentence end before a capital also starts a paragraph: the
     * previous page's geometry cannot tell a short last line from a full one when it is alone. */
    const tail = flows[i - 1]?.at(-1);
    if (previous && tail && flow.length > 0 && previous.paragraphs.length > 0) {
      const first = { ...flow[0], flowStart: true };
      const sentenceEnds = /[.!?:"”’)\]]$/.test(tail.text) && /^[\p{Lu}\p{N}]/u.test(first.text);
      if (
        !sentenceEnds &&
        !startsParagraph(first, tail, flow[1], geometries[i], geometries[i - 1])
      ) {
        text.continuation = joinsHyphen(tail.text, first.text) ? 'hyphen' : 'space';
        if (text.continuation === 'hyphen') removeTrailingHyphen(previous);
      }
    }
    result.push(text);
  });
  return result;
}

/** Lines of each page, computed once per page object (pages are not changed once recorded). */
const cache = new WeakMap<PdfPageContent, PdfLine[]>();

function linesOf(page: PdfPageContent): PdfLine[] {
  let lines = cache.get(page);
  if (!lines) {
    lines = readingLines(page)
      .map(normaliseLine)
      .filter((l) => l.text);
    cache.set(page, lines);
  }
  return lines;
}

/** Column edges and the typical line distance of one page, measured once. */
interface Geometry {
  edges: Map<PdfLine['column'], { left: number; right: number }>;
  gap: number;
}

function geometryOf(lines: PdfLine[]): Geometry {
  const edges = new Map<PdfLine['column'], { left: number; right: number }>();
  for (const column of new Set(lines.map((l) => l.column))) {
    edges.set(column, columnEdges(lines.filter((l) => l.column === column)));
  }
  return { edges, gap: typicalGap(lines) };
}

/**
 * Whether `line` begins a new paragraph after `prev`: a change of font size, a wide line gap, a
 * first-line indent (not a block indent: `next` is not indented too), or a short previous line
 * ending a sentence. `prevGeometry` differs from `geometry` across a page break.
 */
function startsParagraph(
  line: PdfLine,
  prev: PdfLine,
  next: PdfLine | undefined,
  geometry: Geometry,
  prevGeometry: Geometry = geometry,
): boolean {
  if (Math.abs(line.size - prev.size) > 0.2 * Math.max(line.size, prev.size)) return true;
  if (!line.flowStart && prev.column === line.column) {
    const gap = prev.y - line.y;
    if (gap > (geometry.gap > 0 ? 1.45 * geometry.gap : 2.2 * line.size)) return true;
  }
  const edges = geometry.edges.get(line.column) ?? { left: line.x0, right: line.x1 };
  const indent = line.x0 - edges.left;
  if (indent > 0.6 * line.size && indent < 0.3 * (edges.right - edges.left)) {
    const blockIndent =
      next !== undefined && next.column === line.column && next.x0 - edges.left > 0.6 * line.size;
    if (!blockIndent) return true;
  }
  const prevEdges = prevGeometry.edges.get(prev.column) ?? { left: prev.x0, right: prev.x1 };
  const short = prev.x1 < prevEdges.right - 0.15 * (prevEdges.right - prevEdges.left);
  return short && /[.!?:"”’)\]]$/.test(prev.text);
}

function paragraphsOf(
  lines: PdfLine[],
  geometry: Geometry,
): { paragraphs: string[]; joins: HyphenJoin[] } {
  const paragraphs: string[] = [];
  const joins: HyphenJoin[] = [];
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    if (!prev || startsParagraph(line, prev, lines[i + 1], geometry)) {
      paragraphs.push(line.text);
      return;
    }
    const last = paragraphs.length - 1;
    const text = paragraphs[last];
    if (joinsHyphen(text, line.text)) {
      const kept = text.slice(0, -1);
      joins.push({ paragraph: last, offset: codePoints(kept), hyphen: text.slice(-1) });
      paragraphs[last] = kept + line.text;
    } else paragraphs[last] = `${text} ${line.text}`;
  });
  return { paragraphs, joins };
}

/** A letter, a hyphen at the line end, and a lower-case letter next (soft hyphen: any letter). */
function joinsHyphen(before: string, after: string): boolean {
  if (/\p{L}\u00AD$/u.test(before)) return /^\p{L}/u.test(after);
  return /\p{L}[-\u2010]$/u.test(before) && /^\p{Ll}/u.test(after);
}

function removeTrailingHyphen(page: PdfPageText): void {
  const last = page.paragraphs.length - 1;
  const text = page.paragraphs[last];
  const kept = text.slice(0, -1);
  page.joins.push({ paragraph: last, offset: codePoints(kept), hyphen: text.slice(-1) });
  page.paragraphs[last] = kept;
}

/**
 * Spacing accents that TeX sets before a letter ("na¨ıve") become the accented letter ("naïve"),
 * then NFKC folds ligatures and compatibility forms; whitespace collapses to single spaces.
 */
function normaliseLine(line: PdfLine): PdfLine {
  const accents: Record<string, string> = {
    '\u00A8': '\u0308',
    '\u00B4': '\u0301',
    '`': '\u0300',
    '\u02C6': '\u0302',
    '\u02DC': '\u0303',
    '\u02C7': '\u030C',
    '\u02DA': '\u030A',
  };
  const dotless: Record<string, string> = { '\u0131': 'i', '\u0237': 'j' };
  const composed = line.text
    .replace(
      /(?<=^|\p{L}|\s)([\u00A8\u02C6\u02DC\u02C7\u02DA]) ?(\p{L})/gu,
      (_, accent: string, letter: string) => (dotless[letter] ?? letter) + accents[accent],
    )
    .replace(
      /(?<=\p{L})([\u00B4`])([aeiouyAEIOUY\u0131])/gu,
      (_, accent: string, letter: string) => (dotless[letter] ?? letter) + accents[accent],
    );
  const text = composed.normalize('NFKC').replace(/\s+/g, ' ').trim();
  return { ...line, text };
}

/**
 * Lines in the outer two baseline levels at the top or the bottom of their page, and within the
 * outer 15% of its height (when known), where headers, footers and page numbers sit.
 */
function bandOf(pageLines: PdfLine[], height: number): PdfLine[] {
  const levels = [...new Set(pageLines.map((l) => Math.round(l.y)))].sort((a, b) => b - a);
  const outer = new Set([...levels.slice(0, 2), ...levels.slice(-2)]);
  return pageLines.filter(
    (l) =>
      outer.has(Math.round(l.y)) && !(height > 0 && l.y < 0.85 * height && l.y > 0.15 * height),
  );
}

/** A line's identity across pages: lower case, numbers (and lone roman numerals) as '#'. */
function keyOf(text: string): string {
  const lower = text.toLowerCase();
  if (/^[ivxlcdm]+$/.test(lower)) return '#';
  return lower.replace(/\d+/g, '#');
}

/** Keys of band lines repeated on at least 40% of the pages (and on 3 or more). */
function runningKeys(bands: Set<PdfLine>[]): Set<string> {
  const pagesWith = new Map<string, number>();
  for (const band of bands) {
    const keys = new Set([...band].map((l) => keyOf(l.text)));
    for (const key of keys) pagesWith.set(key, (pagesWith.get(key) ?? 0) + 1);
  }
  const needed = Math.max(3, Math.ceil(0.4 * bands.length));
  return new Set([...pagesWith].filter(([, count]) => count >= needed).map(([key]) => key));
}

/** A running header/footer, or a lone page number matching the page's label or number. */
function isFurniture(line: PdfLine, page: PdfPageContent, running: Set<string>): boolean {
  if (running.has(keyOf(line.text))) return true;
  const bare = line.text
    .replace(/^(page|p\.)\s*/i, '')
    .replace(/^[-–—]\s*|\s*[-–—]$/g, '')
    .trim();
  return bare === page.label || bare === String(page.index + 1);
}

/** Left edge: where most lines of the column start (else the leftmost); right: the furthest end. */
function columnEdges(lines: PdfLine[]): { left: number; right: number } {
  const counts = new Map<number, number>();
  for (const l of lines) counts.set(Math.round(l.x0), (counts.get(Math.round(l.x0)) ?? 0) + 1);
  const [mode, count] = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [0, 0];
  const left = count >= 2 ? mode : Math.min(...lines.map((l) => l.x0));
  return { left, right: Math.max(...lines.map((l) => l.x1)) };
}

/** Median baseline distance between consecutive lines of the same flow. */
function typicalGap(lines: PdfLine[]): number {
  const gaps: number[] = [];
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    if (prev && !line.flowStart && prev.column === line.column) {
      const gap = prev.y - line.y;
      if (gap > 0 && gap < 3 * line.size) gaps.push(gap);
    }
  });
  gaps.sort((a, b) => a - b);
  return gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)] : 0;
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
