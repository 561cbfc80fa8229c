import type {
  Block,
  DocFormat,
  Inline,
  InlineMark,
  ParsedDocument,
  Result,
  TextBlock,
} from './types';

/**
 * The stored canonical document of every format that is not itself text (HTML, DOCX, EPUB,
 * PDF, …): the block tree a converter extracted, without offsets, as JSON
 * (`{"marginalia":"blocks","version":1,"blocks":[…]}`).
 *
 * Why store the extraction and not re-extract from the original on each open: annotations are
 * anchored by code-point offsets into the plain text, so that text must never change under
 * them. A converter update (new pdf.js, new mammoth, a better column heuristic) would otherwise
 * shift every stored selector. The original bytes are kept beside it for download only.
 *
 * `layoutBlocks` turns the tree into a `ParsedDocument`: textblocks (paragraph, heading, note,
 * and table cells' paragraphs) are joined by "\n\n" in document order, exactly as Markdown is,
 * and each textblock's displayed characters (runs, '\n' per hardBreak) equal
 * `plainText.slice(start, end)` code point for code point. Markers (pageBreak, chapter) add no
 * text; they record the offset where their page or chapter begins.
 */

type Strip<B> = B extends { start: number; end: number } ? Omit<B, 'start' | 'end'> : B;
/** A block as a converter produces it and as it is stored: no offsets. */
export type DraftBlock =
  | Strip<Extract<Block, { type: 'paragraph' | 'heading' | 'note' | 'pageBreak' | 'chapter' }>>
  | { type: 'blockquote'; children: DraftBlock[] }
  | { type: 'bulletList'; items: DraftBlock[][] }
  | { type: 'orderedList'; start: number; items: DraftBlock[][] }
  | { type: 'table'; rows: DraftBlock[][][] };

export type SourceKind = 'text' | 'markdown' | 'blocks';

/** How a format's stored source is read. Only the two text formats store text itself. */
export function sourceKind(format: DocFormat): SourceKind {
  return format === 'text' || format === 'markdown' ? format : 'blocks';
}

/** A format id as stored and exchanged: lowercase letters, digits and dashes. */
export const isFormatId = (v: unknown): v is DocFormat =>
  typeof v === 'string' && /^[a-z][a-z0-9-]{0,31}$/.test(v);

const MARKS: readonly InlineMark[] = ['bold', 'italic', 'code', 'image', 'sup', 'sub'];
/** Links that may be shown: web and mail only (never javascript:, data:, file:). */
export const safeHref = (h: unknown): string | undefined =>
  typeof h === 'string' && /^(?:https?:\/\/|mailto:)[^\s]*$/i.test(h) && h.length <= 2048
    ? h
    : undefined;

/** Normalises a run list: '\n' inside runs becomes a space (runs never hold line breaks), runs
 * with the same marks, link and note are merged, empty runs dropped. */
export function cleanInlines(content: readonly Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const i of content) {
    if (i.type === 'hardBreak') {
      out.push({ type: 'hardBreak' });
      continue;
    }
    const text = i.text.replace(/\r\n?|\n/g, ' ');
    if (!text) continue;
    const marks = [...new Set(i.marks ?? [])].filter((m) => MARKS.includes(m)).sort();
    const run: Inline = { type: 'text', text };
    if (marks.length) run.marks = marks;
    const href = safeHref(i.href);
    if (href) run.href = href;
    if (typeof i.noteRef === 'string' && i.noteRef) run.noteRef = i.noteRef;
    const prev = out[out.length - 1];
    if (
      prev?.type === 'text' &&
      (prev.marks ?? []).join() === (run.marks ?? []).join() &&
      prev.href === run.href &&
      prev.noteRef === run.noteRef
    )
      out[out.length - 1] = { ...prev, text: prev.text + text };
    else out.push(run);
  }
  return out;
}

const displayOf = (content: readonly Inline[]) =>
  content.map((i) => (i.type === 'hardBreak' ? '\n' : i.text)).join('');

function cpLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Lays out stored blocks: offsets, plain text, page and chapter starts (see module comment). */
export function layoutBlocks(drafts: readonly DraftBlock[]): ParsedDocument {
  const parts: string[] = [];
  let cp = 0;
  const pages: NonNullable<ParsedDocument['pages']> = [];
  const chapters: NonNullable<ParsedDocument['chapters']> = [];
  /** Offset where the next textblock will start (after its "\n\n" separator). */
  const nextStart = () => (parts.length ? cp + 2 : cp);

  const text = (d: Extract<DraftBlock, { content: Inline[] }>, keepEmpty: boolean) => {
    const content = cleanInlines(d.content);
    const display = displayOf(content);
    if (!/\S/.test(display)) {
      if (!keepEmpty) return null;
      return { ...d, content: [], start: cp, end: cp } as Block;
    }
    if (parts.length) cp += 2;
    const start = cp;
    parts.push(display);
    cp += cpLength(display);
    return { ...d, content, start, end: cp } as Block;
  };

  const lay = (list: readonly DraftBlock[]): Block[] => {
    const out: Block[] = [];
    for (const d of list) {
      switch (d.type) {
        case 'paragraph':
        case 'heading':
        case 'note': {
          const b = text(d, false);
          if (b) out.push(b);
          break;
        }
        case 'blockquote': {
          const children = lay(d.children);
          if (children.length) out.push({ type: 'blockquote', children });
          break;
        }
        case 'bulletList':
        case 'orderedList': {
          const items = d.items.map((it) => lay(it)).filter((it) => it.length);
          if (!items.length) break;
          out.push(
            d.type === 'orderedList'
              ? { type: 'orderedList', start: d.start, items }
              : { type: 'bulletList', items },
          );
          break;
        }
        case 'table': {
          const rows = d.rows
            .map((row) =>
              row.map((cell) => {
                const blocks = lay(cell);
                return blocks.length
                  ? blocks
                  : [text({ type: 'paragraph', content: [] }, true) as Block];
              }),
            )
            .filter((row) => row.length);
          if (rows.length) out.push({ type: 'table', rows });
          break;
        }
        case 'pageBreak':
          pages.push({ offset: nextStart(), page: d.page, label: d.label });
          out.push({ type: 'pageBreak', page: d.page, label: d.label });
          break;
        case 'chapter':
          chapters.push({
            offset: nextStart(),
            title: d.title,
            ...(d.href ? { href: d.href } : {}),
          });
          out.push({ type: 'chapter', title: d.title, ...(d.href ? { href: d.href } : {}) });
          break;
      }
    }
    return out;
  };

  const blocks = lay(drafts);
  const parsed: ParsedDocument = { plainText: parts.join('\n\n'), blocks };
  if (pages.length) parsed.pages = pages;
  if (chapters.length) parsed.chapters = chapters;
  return parsed;
}

const MAGIC = 'blocks';

/** The stored source of a block document. Deterministic: the same blocks give the same string
 * (and so the same content hash). */
export function serializeBlocks(blocks: readonly DraftBlock[]): string {
  return JSON.stringify({ marginalia: MAGIC, version: 1, blocks });
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length <= max;
const int = (v: unknown, lo: number, hi: number): v is number =>
  Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;

function checkInlines(v: unknown): Inline[] | null {
  if (!Array.isArray(v)) return null;
  const out: Inline[] = [];
  for (const i of v) {
    if (!isObj(i)) return null;
    if (i.type === 'hardBreak') out.push({ type: 'hardBreak' });
    else if (i.type === 'text' && str(i.text, 1_000_000)) {
      const marks = Array.isArray(i.marks)
        ? (i.marks.filter((m) => MARKS.includes(m)) as InlineMark[])
        : [];
      out.push({
        type: 'text',
        text: i.text,
        ...(marks.length ? { marks } : {}),
        ...(safeHref(i.href) ? { href: safeHref(i.href) } : {}),
        ...(str(i.noteRef, 200) && i.noteRef ? { noteRef: i.noteRef } : {}),
      });
    } else return null;
  }
  return out;
}

function checkBlocks(v: unknown, depth: number): DraftBlock[] | null {
  if (!Array.isArray(v) || depth > 64) return null;
  const out: DraftBlock[] = [];
  for (const b of v) {
    if (!isObj(b)) return null;
    const content = 'content' in b ? checkInlines(b.content) : null;
    const list = (items: unknown) =>
      Array.isArray(items) ? items.map((it) => checkBlocks(it, depth + 1)) : null;
    switch (b.type) {
      case 'paragraph':
        if (!content) return null;
        out.push({ type: 'paragraph', content });
        break;
      case 'heading':
        if (!content || !int(b.level, 1, 6)) return null;
        out.push({ type: 'heading', level: b.level as 1, content });
        break;
      case 'note':
        if (!content || !str(b.id, 200) || !str(b.label, 50)) return null;
        out.push({ type: 'note', id: b.id, label: b.label, content });
        break;
      case 'blockquote': {
        const children = checkBlocks(b.children, depth + 1);
        if (!children) return null;
        out.push({ type: 'blockquote', children });
        break;
      }
      case 'bulletList':
      case 'orderedList': {
        const items = list(b.items);
        if (!items || items.some((it) => !it)) return null;
        if (b.type === 'bulletList')
          out.push({ type: 'bulletList', items: items as DraftBlock[][] });
        else if (int(b.start, 0, 1e9))
          out.push({ type: 'orderedList', start: b.start, items: items as DraftBlock[][] });
        else return null;
        break;
      }
      case 'table': {
        if (!Array.isArray(b.rows)) return null;
        const rows = b.rows.map((r) => list(r));
        if (rows.some((r) => !r || r.some((c) => !c))) return null;
        out.push({ type: 'table', rows: rows as DraftBlock[][][] });
        break;
      }
      case 'pageBreak':
        if (!int(b.page, 1, 1e7) || !str(b.label, 50)) return null;
        out.push({ type: 'pageBreak', page: b.page, label: b.label });
        break;
      case 'chapter':
        if (!str(b.title, 1000) || (b.href !== undefined && !str(b.href, 2000))) return null;
        out.push({
          type: 'chapter',
          title: b.title,
          ...(b.href ? { href: b.href as string } : {}),
        });
        break;
      default:
        return null;
    }
  }
  return out;
}

/** Reads a stored block source (also from packets and backups, so it is checked strictly). */
export function readBlockSource(source: string): Result<DraftBlock[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch {
    return { ok: false, error: 'The stored document is damaged (not valid JSON).' };
  }
  if (!isObj(doc) || doc.marginalia !== MAGIC || doc.version !== 1)
    return { ok: false, error: 'The stored document is not a Marginalia block document.' };
  const blocks = checkBlocks(doc.blocks, 0);
  if (!blocks)
    return { ok: false, error: 'The stored document has a block Marginalia cannot read.' };
  return { ok: true, value: blocks };
}

/** The first heading's text of a block document, for its title. */
export function firstHeading(blocks: readonly DraftBlock[]): string {
  for (const b of blocks) {
    if (b.type === 'heading') return displayOf(cleanInlines(b.content)).trim();
    if (b.type === 'blockquote') {
      const t = firstHeading(b.children);
      if (t) return t;
    }
  }
  return '';
}

/** All textblocks of a laid-out tree, in document (and so plain-text) order. */
export function textblocksOf(blocks: readonly Block[], out: TextBlock[] = []): TextBlock[] {
  for (const b of blocks) {
    if (b.type === 'paragraph' || b.type === 'heading' || b.type === 'note') out.push(b);
    else if (b.type === 'blockquote') textblocksOf(b.children, out);
    else if (b.type === 'bulletList' || b.type === 'orderedList')
      for (const item of b.items) textblocksOf(item, out);
    else if (b.type === 'table')
      for (const row of b.rows) for (const cell of row) textblocksOf(cell, out);
  }
  return out;
}
