import type { Inline } from '../model/types';
import type { DraftBlock } from '../model/blocks';
import { safeHref } from '../model/blocks';
import { BLOCK, ELEMENT, HEADINGS, INLINE_MARK, SKIP, TEXT } from './html-tags';
import { run, tidy, type Ctx } from './html-inline';

/**
 * Sanitised HTML (a DOM node) → the block model. Used for web pages, pasted HTML, DOCX (through
 * mammoth's HTML) and EPUB chapters. It reads the DOM only: it never inserts it into the page,
 * and it keeps nothing but text, structure and http(s)/mailto link targets.
 *
 * Whitespace follows HTML: runs of spaces and line breaks collapse to one space and are trimmed
 * at a textblock's edges, except inside `<pre>`, whose lines become hard breaks.
 */

export interface HtmlBlockOptions {
  /** Footnote links and note lists as mammoth writes them (`#footnote-1`, `li#footnote-1`). */
  notes?: boolean;
}

export function htmlToBlocks(root: Node, opts: HtmlBlockOptions = {}): DraftBlock[] {
  const notes: DraftBlock[] = [];

  function blocksOf(parent: Node, ctx: Ctx): DraftBlock[] {
    const out: DraftBlock[] = [];
    let inline: Inline[] = [];
    const flush = () => {
      const content = tidy(inline, ctx.pre);
      if (content.length) out.push({ type: 'paragraph', content });
      inline = [];
    };
    for (const node of Array.from(parent.childNodes)) {
      if (node.nodeType === TEXT) {
        inlineOf(node, ctx, inline);
        continue;
      }
      if (node.nodeType !== ELEMENT) continue;
      const el = node as Element;
      const tag = el.localName.toLowerCase();
      if (SKIP.has(tag) || el.getAttribute('hidden') !== null) continue;
      if (!BLOCK.has(tag)) {
        inlineOf(el, ctx, inline);
        continue;
      }
      flush();
      blockOf(el, tag, ctx, out);
    }
    flush();
    return out;
  }

  function blockOf(el: Element, tag: string, ctx: Ctx, out: DraftBlock[]): void {
    if (tag in HEADINGS) {
      const content = tidy(inlineChildren(el, ctx), false);
      if (content.length) out.push({ type: 'heading', level: HEADINGS[tag], content });
      return;
    }
    switch (tag) {
      case 'hr':
        return;
      case 'pre': {
        const content = tidy(inlineChildren(el, { ...ctx, pre: true }), true);
        if (content.length) out.push({ type: 'paragraph', content });
        return;
      }
      case 'blockquote': {
        const children = blocksOf(el, ctx);
        if (children.length) out.push({ type: 'blockquote', children });
        return;
      }
      case 'ul':
      case 'ol': {
        if (opts.notes && tag === 'ol' && isNoteList(el)) {
          noteList(el, ctx);
          return;
        }
        const items = Array.from(el.children)
          .filter((c) => c.localName.toLowerCase() === 'li')
          .map((li) => blocksOf(li, ctx))
          .filter((b) => b.length);
        if (!items.length) return;
        const start = Number(el.getAttribute('start'));
        out.push(
          tag === 'ol'
            ? {
                type: 'orderedList',
                start: Number.isInteger(start) && start >= 0 ? start : 1,
                items,
              }
            : { type: 'bulletList', items },
        );
        return;
      }
      case 'table': {
        const rows: DraftBlock[][][] = [];
        const caption = el.querySelector(':scope > caption');
        if (caption) out.push(...blocksOf(caption, ctx));
        for (const tr of Array.from(el.querySelectorAll('tr'))) {
          if (tr.closest('table') !== el) continue; // a nested table's rows belong to it
          const cells = Array.from(tr.children).filter((c) => /^t[dh]$/i.test(c.localName));
          if (cells.length) rows.push(cells.map((c) => flattenTables(blocksOf(c, ctx))));
        }
        if (rows.length) out.push({ type: 'table', rows });
        return;
      }
      default:
        out.push(...blocksOf(el, ctx));
    }
  }

  /** A list item whose id mammoth gave a note (`footnote-3`, `endnote-1`). */
  const noteId = (el: Element) => /^(?:footnote|endnote)-\d+$/.exec(el.id)?.[0];
  const isNoteList = (ol: Element) =>
    ol.children.length > 0 && Array.from(ol.children).every((li) => noteId(li));

  function noteList(ol: Element, ctx: Ctx): void {
    for (const li of Array.from(ol.children)) {
      const id = noteId(li)!;
      // The back link ("↑") to the marker is navigation, not text.
      for (const a of Array.from(li.querySelectorAll('a[href^="#"]'))) a.remove();
      const content = tidy(inlineChildren(li, ctx), false);
      if (content.length) notes.push({ type: 'note', id, label: id.replace(/\D+/g, ''), content });
    }
  }

  function inlineChildren(el: Element, ctx: Ctx): Inline[] {
    const out: Inline[] = [];
    for (const child of Array.from(el.childNodes)) inlineOf(child, ctx, out);
    return out;
  }

  function inlineOf(node: Node, ctx: Ctx, out: Inline[]): Inline[] {
    if (node.nodeType === TEXT) {
      const text = node.nodeValue ?? '';
      if (ctx.pre)
        text.split(/\r\n?|\n/).forEach((line, i) => {
          if (i) out.push({ type: 'hardBreak' });
          if (line) out.push(run(line, ctx));
        });
      else if (text) out.push(run(text, ctx));
      return out;
    }
    if (node.nodeType !== ELEMENT) return out;
    const el = node as Element;
    const tag = el.localName.toLowerCase();
    if (SKIP.has(tag) || el.getAttribute('hidden') !== null) return out;
    if (tag === 'br') {
      out.push({ type: 'hardBreak' });
      return out;
    }
    if (tag === 'img') {
      const alt = (el.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
      out.push(run(alt ? `[${alt}]` : '[image]', { ...ctx, marks: [...ctx.marks, 'image'] }));
      return out;
    }
    let inner = ctx;
    if (tag in INLINE_MARK) inner = { ...inner, marks: [...inner.marks, INLINE_MARK[tag]] };
    if (tag === 'a') {
      const href = el.getAttribute('href') ?? '';
      const note = opts.notes ? /^#((?:footnote|endnote)-\d+)$/.exec(href)?.[1] : undefined;
      if (note) inner = { ...inner, noteRef: note, marks: [...inner.marks, 'sup'] };
      else if (safeHref(href)) inner = { ...inner, href };
    }
    if (BLOCK.has(tag)) out.push(run(' ', ctx)); // a block inside an inline context separates words
    for (const child of Array.from(el.childNodes)) inlineOf(child, inner, out);
    return out;
  }

  const body = blocksOf(root, { marks: [], pre: false });
  return notes.length ? [...body, ...notes] : body;
}
/** Tables inside a table cell become their cells' paragraphs (the reader shows simple tables). */
function flattenTables(blocks: DraftBlock[]): DraftBlock[] {
  return blocks.flatMap((b) => (b.type === 'table' ? b.rows.flat(2) : [b]));
}
