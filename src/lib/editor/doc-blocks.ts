import type { Node as PMNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import type { Inline, InlineMark, Result } from '../model/types';
import { cleanInlines, type DraftBlock } from '../model/blocks';

/**
 * The editor's document back as the block tree of a stored block document (model/blocks.ts), for
 * saving an edit of an HTML, DOCX, EPUB or PDF document (issue 16). Every node the reader schema
 * holds has a block: paragraphs, headings (level), notes (id, label), blockquotes, lists (an
 * ordered list's start), tables, page and chapter markers (page, label; title, href), and runs
 * with their marks, links and note references. So what the edit did not touch comes back as it
 * was loaded, and `layoutBlocks` of the result is the text the editor shows (textblocks joined
 * by a blank line, blank ones left out: the layout the `EditRecorder` keeps in 'blocks' mode).
 * A node no block can hold is named in the error; the caller must then not save.
 */
export function docToBlocks(doc: PMNode): Result<DraftBlock[]> {
  try {
    const out: DraftBlock[] = [];
    doc.forEach((section) => out.push(...childrenOf(section)));
    return { ok: true, value: out };
  } catch (e) {
    if (e instanceof Unstorable) return { ok: false, error: e.message };
    throw e;
  }
}

class Unstorable extends Error {}

const MARK_NAMES = new Set<string>(['bold', 'italic', 'code', 'image', 'sup', 'sub']);

function childrenOf(parent: PMNode): DraftBlock[] {
  const out: DraftBlock[] = [];
  parent.forEach((node) => out.push(blockOf(node)));
  return out;
}

function blockOf(node: PMNode): DraftBlock {
  const a = node.attrs;
  switch (node.type.name) {
    case 'paragraph':
      return { type: 'paragraph', content: inlinesOf(node) };
    case 'heading':
      return { type: 'heading', level: a.level, content: inlinesOf(node) };
    case 'note':
      return { type: 'note', id: String(a.id), label: String(a.label), content: inlinesOf(node) };
    case 'blockquote':
      return { type: 'blockquote', children: childrenOf(node) };
    case 'bulletList':
      return { type: 'bulletList', items: itemsOf(node) };
    case 'orderedList':
      return { type: 'orderedList', start: Number(a.start ?? 1), items: itemsOf(node) };
    case 'table': {
      const rows: DraftBlock[][][] = [];
      node.forEach((row) => {
        const cells: DraftBlock[][] = [];
        row.forEach((cell) => cells.push(childrenOf(cell)));
        rows.push(cells);
      });
      return { type: 'table', rows };
    }
    case 'pageBreak':
      return { type: 'pageBreak', page: Number(a.page), label: String(a.label) };
    case 'chapter':
      return {
        type: 'chapter',
        title: String(a.title),
        ...(a.href ? { href: String(a.href) } : {}),
      };
    default:
      throw new Unstorable(`the edit made a ${node.type.name}, which the document cannot store`);
  }
}

function itemsOf(list: PMNode): DraftBlock[][] {
  const items: DraftBlock[][] = [];
  list.forEach((item) => items.push(childrenOf(item)));
  return items;
}

/** A textblock's runs; each '\n' of its text is a hard break of the block model (the editor
 * holds line breaks as text: line-breaks.ts). */
function inlinesOf(block: PMNode): Inline[] {
  const out: Inline[] = [];
  block.forEach((node) => {
    if (!node.isText)
      throw new Unstorable(`the edit put a ${node.type.name} in the text, which it cannot store`);
    const marks: InlineMark[] = [];
    let href: string | undefined;
    let noteRef: string | undefined;
    for (const m of node.marks) {
      if (MARK_NAMES.has(m.type.name)) marks.push(m.type.name as InlineMark);
      else if (m.type.name === 'link') href = String(m.attrs.href);
      else if (m.type.name === 'noteRef') noteRef = String(m.attrs.note);
    }
    (node.text ?? '').split('\n').forEach((text, i) => {
      if (i) out.push({ type: 'hardBreak' });
      if (!text) return;
      const run: Extract<Inline, { type: 'text' }> = { type: 'text', text };
      if (marks.length) run.marks = marks;
      if (href !== undefined) run.href = href;
      if (noteRef !== undefined) run.noteRef = noteRef;
      out.push(run);
    });
  });
  return cleanInlines(out);
}

const MARKERS = new Set(['pageBreak', 'chapter']);

/** The page and chapter markers wholly inside [from, to) of `doc`, as one string. */
function markersIn(doc: PMNode, from: number, to: number): string {
  const keys: string[] = [];
  if (to > from)
    doc.nodesBetween(from, to, (node, pos) => {
      if (!MARKERS.has(node.type.name)) return !node.isTextblock;
      if (pos >= from && pos + node.nodeSize <= to)
        keys.push(`${node.type.name}:${node.attrs.page ?? node.attrs.index}`);
      return false;
    });
  return keys.join('|');
}

/**
 * Why an edit transaction may not pass, or null. Page and chapter markers carry the citation of
 * the text after them ("p. 12", a chapter), so an edit may change the text on either side of one
 * but never remove, add or move one: each step must leave the markers of the range it replaced
 * as they were (checked on the step's ranges only, so a keystroke costs no pass over the book).
 */
export function markerProblem(tr: Transaction): string | null {
  for (let i = 0; i < tr.steps.length; i++) {
    const before = tr.docs[i];
    const after = tr.docs[i + 1] ?? tr.doc;
    let moved = false;
    tr.steps[i].getMap().forEach((oldStart, oldEnd, newStart, newEnd) => {
      moved ||= markersIn(before, oldStart, oldEnd) !== markersIn(after, newStart, newEnd);
    });
    if (moved)
      return 'Page and chapter markers stay where they are: edit the text on either side of one, not across it.';
  }
  return null;
}
