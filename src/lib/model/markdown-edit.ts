import type { Inline, Result } from './types';
import type { DraftBlock } from './blocks';
import { fail, ok } from './result';
import { parseMarkdown, parseMarkdownGroups, type MarkdownGroup } from './parse-markdown';
import { writeBlocks } from './markdown-write';
import { patchTokens } from './markdown-patch';

/**
 * The Markdown source of an edited Markdown document (issue 16). `source` is the version the
 * edit began from; `blocks` are the edited document's top-level blocks as the editor holds them
 * (start/end ignored) and `text` its displayed text (the edit recorder's, which every annotation
 * is mapped in).
 *
 * Contract: on success, `parseMarkdown(result).plainText === text` code point for code point and
 * its blocks equal `blocks` (types, heading levels, list starts, runs and marks); every top-level
 * Markdown token whose blocks the edit did not touch keeps its source bytes, so the author's
 * syntax (links, reference definitions, tables, emphasis style) survives and a version's diff
 * stays small. Only the touched tokens are written again (markdown-write.ts). Anything else is a
 * failure naming the problem: nothing that would show differently is ever returned.
 */
export function writeMarkdownEdit(
  source: string,
  blocks: readonly DraftBlock[],
  text: string,
): Result<string> {
  const crlf = source.includes('\r\n') && !/(^|[^\r])\n/.test(source);
  const norm = source.replace(/\r\n?/g, '\n');
  const { parsed, groups } = parseMarkdownGroups(norm);
  const old = parsed.blocks;
  const m = old.length;
  const n = blocks.length;
  let p = 0;
  while (p < m && p < n && sameBlock(old[p], blocks[p])) p++;
  let s = 0;
  while (s < m - p && s < n - p && sameBlock(old[m - 1 - s], blocks[n - 1 - s])) s++;

  let out = norm;
  if (p < m - s || p < n - s) {
    // Widen the touched range to whole tokens (a table shows as several paragraphs).
    const touched = groups.filter((g) => g.count && g.first < m - s && g.first + g.count > p);
    let lo = p;
    let hi = m - s;
    for (const g of touched) {
      lo = Math.min(lo, g.first);
      hi = Math.max(hi, g.first + g.count);
    }
    const fresh = blocks.slice(lo, n - (m - hi));
    const { from, to } = sourceRange(norm, groups, touched, lo);
    const problems: string[] = [];
    const before = norm.slice(0, from);
    const after = norm.slice(to);
    const avoid = markerOf(groups, touched[0], lo, -1);
    const next = markerOf(groups, touched[touched.length - 1], lo, 1);
    // First the touched tokens edited in place (their links and style kept), if that shows
    // exactly the edit; else written again from the blocks.
    if (touched.length) {
      const raw = norm.slice(from, to);
      for (const side of [0, 1] as const) {
        const patched = patchTokens(raw, old.slice(lo, hi), fresh, side);
        const candidate = patched === null ? null : before + patched + after;
        if (candidate !== null && shows(candidate, blocks, text))
          return ok(crlf ? candidate.replace(/\n/g, '\r\n') : candidate);
      }
    }
    const written = writeBlocks(fresh, problems, avoid, next);
    if (problems.length) return fail(`This edit cannot be saved as Markdown: ${problems[0]}.`);
    out = join(before, written, after);
  }
  if (!shows(out, blocks, text)) {
    return fail(
      `This edit cannot be saved as Markdown: ${firstDifference(parseMarkdown(out).blocks, blocks)}. Change it and save again.`,
    );
  }
  return ok(crlf ? out.replace(/\n/g, '\r\n') : out);
}

/** True when Markdown `md` shows exactly `text` with these blocks. */
function shows(md: string, blocks: readonly DraftBlock[], text: string): boolean {
  const shown = parseMarkdown(md);
  return shown.plainText === text && sameBlocks(shown.blocks, blocks);
}

/** The source range of the touched tokens (their trailing line ends left outside), or the
 * insertion point after block `lo - 1` when the edit only added blocks. */
function sourceRange(
  norm: string,
  groups: readonly MarkdownGroup[],
  touched: readonly MarkdownGroup[],
  lo: number,
): { from: number; to: number } {
  if (touched.length) {
    const a = touched[0];
    const b = touched[touched.length - 1];
    return { from: a.from, to: b.from + b.raw.replace(/\n+$/, '').length };
  }
  const prev = groups.filter((g) => g.count && g.first + g.count <= lo).pop();
  const at = prev ? prev.from + prev.raw.replace(/\n+$/, '').length : 0;
  return { from: at, to: at };
}

/** Joins written blocks between untouched source, a blank line on each side. */
function join(before: string, written: string, after: string): string {
  if (!written) {
    const head = before.replace(/\n*$/, '');
    const tail = after.replace(/^\n*/, '');
    return head && tail ? `${head}\n\n${tail}` : head + (tail || (after ? '\n' : ''));
  }
  const head = before === '' || before.endsWith('\n\n') ? before : before.replace(/\n?$/, '\n\n');
  const tail =
    after.trim() === ''
      ? after || '\n'
      : after.startsWith('\n\n')
        ? after
        : `\n${after.startsWith('\n') ? '' : '\n'}${after}`;
  return head + written + tail;
}

/** The list marker of the untouched list token next to the written range (`dir` −1: before it,
 * +1: after), or '' when that neighbour is no list: blank lines do not keep lists apart. `g` is
 * the first (−1) or last (+1) touched token; without one, the insertion point after block `lo - 1`. */
function markerOf(
  groups: readonly MarkdownGroup[],
  g: MarkdownGroup | undefined,
  lo: number,
  dir: -1 | 1,
): string {
  let i = g
    ? groups.indexOf(g) + dir
    : groups.findIndex((x) => x.count && x.first >= lo) - (dir < 0 ? 1 : 0);
  if (!g && i < -1) i = dir < 0 ? groups.length - 1 : groups.length;
  while (groups[i]?.raw.trim() === '') i += dir;
  const t = groups[i];
  if (!t) return '';
  const mk = /^ {0,3}(?:([-*+])|\d{1,9}([.)]))[ \t]/.exec(t.raw);
  return mk ? (mk[1] ?? mk[2]) : '';
}

/** Blocks compare by what the editor shows: type, level, list start, runs and their marks. */
export function sameBlocks(a: readonly DraftBlock[], b: readonly DraftBlock[]): boolean {
  return a.length === b.length && a.every((x, i) => sameBlock(x, b[i]));
}

function sameBlock(a: DraftBlock, b: DraftBlock): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'paragraph':
      return sameInlines(a.content, (b as typeof a).content);
    case 'heading':
      return a.level === (b as typeof a).level && sameInlines(a.content, (b as typeof a).content);
    case 'blockquote':
      return sameBlocks(a.children, (b as typeof a).children);
    case 'bulletList':
    case 'orderedList': {
      const o = b as typeof a;
      if (a.type === 'orderedList' && a.start !== (o as typeof a).start) return false;
      return (
        a.items.length === o.items.length && a.items.every((it, i) => sameBlocks(it, o.items[i]))
      );
    }
    default:
      return JSON.stringify(a) === JSON.stringify(b);
  }
}

function sameInlines(a: readonly Inline[], b: readonly Inline[]): boolean {
  const x = norm(a);
  const y = norm(b);
  return x.length === y.length && x.every((r, i) => r === y[i]);
}

/** Runs as comparable strings: empty runs dropped, neighbours with the same marks merged. */
function norm(content: readonly Inline[]): string[] {
  const out: { marks: string; text: string }[] = [];
  for (const i of content) {
    if (i.type === 'hardBreak') {
      out.push({ marks: '\n', text: '' });
      continue;
    }
    if (!i.text) continue;
    const marks = [...(i.marks ?? [])].sort().join() + (i.href ? ` ${i.href}` : '');
    const prev = out[out.length - 1];
    if (prev && prev.marks === marks) prev.text += i.text;
    else out.push({ marks, text: i.text });
  }
  return out.map((r) => `${r.marks}\u0000${r.text}`);
}

/** Names where the written Markdown would show something else. */
function firstDifference(shown: readonly DraftBlock[], want: readonly DraftBlock[]): string {
  const flat = (bs: readonly DraftBlock[], acc: DraftBlock[] = []): DraftBlock[] => {
    for (const b of bs) {
      if (b.type === 'blockquote') flat(b.children, acc);
      else if (b.type === 'bulletList' || b.type === 'orderedList')
        b.items.forEach((it) => flat(it, acc));
      else acc.push(b);
    }
    return acc;
  };
  const a = flat(shown);
  const b = flat(want);
  const text = (x: DraftBlock | undefined) =>
    x && 'content' in x ? x.content.map((i) => (i.type === 'text' ? i.text : '\n')).join('') : '';
  for (let i = 0; i < b.length; i++) {
    if (!a[i] || a[i].type !== b[i].type || text(a[i]) !== text(b[i]) || !sameBlock(a[i], b[i])) {
      const t = text(b[i]).replace(/\s+/g, ' ');
      return `Markdown would not show “${t.length > 50 ? `${t.slice(0, 50)}…` : t}” as edited (its formatting or layout would change)`;
    }
  }
  return 'Markdown would not keep the layout of the edited blocks (lists or quotes would merge)';
}
