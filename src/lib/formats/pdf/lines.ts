/**
 * Text items of one PDF page → lines in reading order (pure geometry, no pdf.js).
 *
 * Items are grouped by baseline into rows, rows are cut at wide horizontal gaps into fragments,
 * a column gutter is looked for near the middle of the page, and the fragments are then read
 * region by region (a fragment that crosses the gutter, such as a title, ends a region), each
 * region's left column before its right column.
 */

/** One run of text as pdf.js reports it, reduced to what layout needs (PDF user space). */
export interface PdfTextItem {
  /** The run's text, as extracted (not yet normalised). */
  str: string;
  /** Left end of the baseline, relative to the page's left edge. */
  x: number;
  /** Baseline height above the page's bottom edge (y grows upward, as in PDF). */
  y: number;
  /** Advance width of the run. */
  width: number;
  /** Font size (pdf.js `height`); 0 when unknown. */
  height: number;
}

/** The recorded text of one page: what `load.ts` produces and `layout.ts` consumes. */
export interface PdfPageContent {
  /** 0-based physical page index. */
  index: number;
  /** Printed page label (`getPageLabels`), else the 1-based page number. */
  label: string;
  width: number;
  height: number;
  items: PdfTextItem[];
}

/** A line of text placed on the page, in reading order. */
export interface PdfLine {
  text: string;
  x0: number;
  x1: number;
  /** Baseline. */
  y: number;
  /** Font size of the line's largest run. */
  size: number;
  /** Which column the line was read in: 'full' crosses the gutter; 'single' = no gutter found. */
  column: 'single' | 'left' | 'right' | 'full';
  /** True when the line starts a new stretch of flow (page top, column top, after a spanning line). */
  flowStart: boolean;
}

interface Fragment {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
}

const DEFAULT_SIZE = 10;

/** Lines of a page in reading order (columns read one after the other). */
export function readingLines(page: PdfPageContent): PdfLine[] {
  const items = page.items.filter((item) => item.str.trim() !== '');
  const fragments = baselineRows(items).flatMap(cutRow);
  const width = page.width > 0 ? page.width : Math.max(0, ...fragments.map((f) => f.x1));
  const gutter = findGutter(fragments, width);
  if (gutter === null) return mergeRows(fragments, 'single');
  const crosses = (f: Fragment) => f.x0 < gutter - 1 && f.x1 > gutter + 1;
  const lines: PdfLine[] = [];
  let left: Fragment[] = [];
  let right: Fragment[] = [];
  const flush = () => {
    lines.push(...mergeRows(left, 'left'), ...mergeRows(right, 'right'));
    left = [];
    right = [];
  };
  for (const f of fragments) {
    if (crosses(f)) {
      flush();
      lines.push(...mergeRows([f], 'full'));
    } else if (f.x1 <= gutter + 1) left.push(f);
    else right.push(f);
  }
  flush();
  return lines;
}

/** Items grouped by baseline (tolerance: half the larger font size), top of the page first. */
function baselineRows(items: PdfTextItem[]): PdfTextItem[][] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: { y: number; size: number; items: PdfTextItem[] }[] = [];
  for (const item of sorted) {
    const size = sizeOf(item);
    const row = rows.at(-1);
    if (row && Math.abs(row.y - item.y) <= 0.5 * Math.max(row.size, size)) {
      row.items.push(item);
      if (size > row.size) {
        row.size = size;
        row.y = item.y;
      }
    } else rows.push({ y: item.y, size, items: [item] });
  }
  return rows.map((row) => row.items.sort((a, b) => a.x - b.x));
}

/** A row cut wherever the gap between runs exceeds one em (a column gutter or a table cell). */
function cutRow(row: PdfTextItem[]): Fragment[] {
  const fragments: Fragment[] = [];
  let current: PdfTextItem[] = [];
  for (const item of row) {
    const prev = current.at(-1);
    if (prev && item.x - (prev.x + prev.width) > Math.max(sizeOf(prev), sizeOf(item))) {
      fragments.push(fragmentOf(current));
      current = [];
    }
    current.push(item);
  }
  if (current.length > 0) fragments.push(fragmentOf(current));
  return fragments;
}

function fragmentOf(items: PdfTextItem[]): Fragment {
  let text = '';
  let end = -Infinity;
  let size = 0;
  let y = items[0].y;
  for (const item of items) {
    const itemSize = sizeOf(item);
    if (text !== '' && needsSpace(text, item.str, item.x - end, itemSize)) text += ' ';
    text += item.str;
    end = Math.max(end, item.x + item.width);
    if (itemSize > size) {
      size = itemSize;
      y = item.y;
    }
  }
  return {
    text: text.replace(/\s+/g, ' ').trim(),
    x0: items[0].x,
    x1: end,
    y,
    size,
  };
}

/** A space goes between two runs separated by more than 0.15 em, unless one already has it. */
function needsSpace(before: string, after: string, gap: number, size: number): boolean {
  if (/\s$/.test(before) || /^\s/.test(after)) return false;
  return gap > 0.15 * size;
}

/**
 * The x of a column gutter, or null for a one-column page. Candidates are bands in the middle 40%
 * of the page crossed by few fragments (spanning titles, figures and listings may cross); the band
 * chosen is the one with the most column-wide lines on both sides, so that a gap inside a code
 * listing does not win over the real gutter below it.
 */
function findGutter(fragments: Fragment[], width: number): number | null {
  const n = fragments.length;
  if (n < 6 || width <= 0) return null;
  const from = Math.round(0.3 * width);
  // counts[i]: fragments crossing x = from + i (x0 < x - 1 and x1 > x + 1), by a difference array.
  const size = Math.max(0, Math.floor(0.7 * width) - from + 1);
  const diff = new Int32Array(size + 1);
  for (const f of fragments) {
    const first = Math.max(0, Math.floor(f.x0 + 1) + 1 - from);
    const last = Math.min(size - 1, Math.ceil(f.x1 - 1) - 1 - from);
    if (first <= last) {
      diff[first]++;
      diff[last + 1]--;
    }
  }
  const counts: number[] = [];
  for (let i = 0, running = 0; i < size; i++) counts.push((running += diff[i]));
  const limit = Math.min(0.6 * n, Math.min(...counts) + 0.15 * n);
  const wide = fragments.filter((f) => f.x1 - f.x0 >= 0.2 * width);
  /** Column-wide lines on the thinner side: a table's cells or a figure's labels give few. */
  const evidence = (x: number) =>
    Math.min(wide.filter((f) => f.x1 <= x + 1).length, wide.filter((f) => f.x0 >= x - 1).length);
  let best: { x: number; evidence: number; crossings: number } | null = null;
  let runStart = -1;
  counts.forEach((count, i) => {
    if (count <= limit && runStart < 0) runStart = i;
    const runEnds = runStart >= 0 && (count > limit || i === counts.length - 1);
    if (!runEnds) return;
    const end = count > limit ? i - 1 : i;
    const x = from + (runStart + end) / 2;
    const crossings = Math.max(...counts.slice(runStart, end + 1));
    const candidate = { x, evidence: evidence(x), crossings };
    if (
      !best ||
      candidate.evidence > best.evidence ||
      (candidate.evidence === best.evidence && candidate.crossings < best.crossings)
    ) {
      best = candidate;
    }
    runStart = -1;
  });
  const chosen = best as { x: number; evidence: number } | null;
  return chosen && chosen.evidence >= Math.max(3, 0.1 * n) ? chosen.x : null;
}

/** Fragments of one column (top first) merged into lines where they share a baseline. */
function mergeRows(fragments: Fragment[], column: PdfLine['column']): PdfLine[] {
  const sorted = [...fragments].sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const lines: PdfLine[] = [];
  for (const f of sorted) {
    const line = lines.at(-1);
    if (line && Math.abs(line.y - f.y) <= 0.5 * Math.max(line.size, f.size)) {
      line.text = `${line.text} ${f.text}`;
      line.x1 = Math.max(line.x1, f.x1);
      line.x0 = Math.min(line.x0, f.x0);
      line.size = Math.max(line.size, f.size);
    } else {
      lines.push({ ...f, column, flowStart: lines.length === 0 });
    }
  }
  return lines;
}

function sizeOf(item: PdfTextItem): number {
  return item.height > 0 ? item.height : DEFAULT_SIZE;
}
