import { Mark, type Node as PMNode, type Schema } from '@tiptap/pm/model';
import type { Block, Inline, ParsedDocument } from '../model/types';
import type { Segment } from '../model/offset-map';

export interface BuiltDoc {
  doc: PMNode;
  segments: Segment[];
}

/** Blocks per section: small enough that decoration lookups and layout skipping stay cheap,
 * large enough that a 31,000-paragraph book has only a few hundred sections. */
export const SECTION_BLOCKS = 48;
/** A section also closes once it holds this many characters, so chapter-sized paragraphs
 * (the KJV has 4 kB blocks) do not make sections huge. */
export const SECTION_CHARS = 24_000;

/**
 * Builds the ProseMirror document straight from parsed blocks (no HTML round trip), recording
 * each textblock's editor position as it goes so the offset map is exact by construction.
 */
export function buildDoc(schema: Schema, parsed: ParsedDocument): BuiltDoc {
  const segments: Segment[] = [];
  const n = schema.nodes;
  const marks: Record<string, Mark> = {
    bold: schema.marks.bold.create(),
    italic: schema.marks.italic.create(),
    code: schema.marks.code.create(),
    image: schema.marks.image.create(),
    sup: schema.marks.sup.create(),
    sub: schema.marks.sub.create(),
  };
  let chapterIndex = 0;
  const runMarks = (inl: Extract<Inline, { type: 'text' }>): Mark[] | undefined => {
    const m = inl.marks?.map((k) => marks[k]) ?? [];
    if (inl.href) m.push(schema.marks.link.create({ href: inl.href }));
    if (inl.noteRef) m.push(schema.marks.noteRef.create({ note: inl.noteRef }));
    return m.length ? m : undefined;
  };
  const NONE = Mark.none;

  /** A textblock's content: its runs as text nodes, each hard break a '\n' of the text (see
   * line-breaks.ts), so a highlight over many lines is one element. A break takes the marks of
   * the runs around it when they agree, so a bold passage over several lines stays one node;
   * adjacent runs with the same marks are one node. */
  function inlineNodes(content: Inline[]): { nodes: PMNode[]; display: string } {
    const texts: string[] = [];
    const sets: (readonly Mark[])[] = [];
    const add = (text: string, set: readonly Mark[]) => {
      const last = sets.length - 1;
      if (last >= 0 && Mark.sameSet(sets[last], set)) texts[last] += text;
      else {
        texts.push(text);
        sets.push(set);
      }
    };
    for (let i = 0; i < content.length; i++) {
      const inl = content[i];
      if (inl.type === 'hardBreak') {
        const before = sets.length ? sets[sets.length - 1] : NONE;
        let j = i + 1;
        while (j < content.length && content[j].type === 'hardBreak') j++;
        const next = content[j];
        const after = next?.type === 'text' ? Mark.setFrom(runMarks(next)) : NONE;
        add('\n', Mark.sameSet(before, after) ? before : NONE);
      } else if (inl.text.length > 0) add(inl.text, Mark.setFrom(runMarks(inl)));
    }
    return {
      nodes: texts.map((t, i) => schema.text(t, sets[i])),
      display: texts.join(''),
    };
  }

  // `pos` is the position just before the block being built.
  function build(block: Block, pos: number): PMNode {
    switch (block.type) {
      case 'paragraph':
      case 'heading':
      case 'note': {
        const { nodes, display } = inlineNodes(block.content);
        segments.push({ pos: pos + 1, start: block.start, end: block.end, display });
        if (block.type === 'note')
          return n.note.create({ id: block.id, label: block.label }, nodes);
        return block.type === 'heading'
          ? n.heading.create({ level: block.level }, nodes)
          : n.paragraph.create(null, nodes);
      }
      case 'pageBreak':
        return n.pageBreak.create({ page: block.page, label: block.label });
      case 'chapter':
        return n.chapter.create({
          title: block.title,
          index: chapterIndex++,
          href: block.href ?? '',
        });
      case 'table': {
        let p = pos + 1;
        const rows = block.rows.map((cells) => {
          let q = p + 1;
          const cellNodes = cells.map((children) => {
            const cell = n.tableCell.create(
              null,
              children.length ? buildList(children, q + 1) : [emptyPara()],
            );
            q += cell.nodeSize;
            return cell;
          });
          const row = n.tableRow.create(null, cellNodes);
          p += row.nodeSize;
          return row;
        });
        return n.table.create(null, rows);
      }
      case 'blockquote':
        return n.blockquote.create(null, buildList(block.children, pos + 1));
      case 'bulletList':
      case 'orderedList': {
        let p = pos + 1;
        const items = block.items.map((children) => {
          const content = children.length ? buildList(children, p + 1) : [emptyPara()];
          const item = n.listItem.create(null, content);
          p += item.nodeSize;
          return item;
        });
        return block.type === 'orderedList'
          ? n.orderedList.create({ start: block.start }, items)
          : n.bulletList.create(null, items);
      }
    }
  }

  function buildList(blocks: Block[], pos: number): PMNode[] {
    const out: PMNode[] = [];
    let p = pos;
    for (const b of blocks) {
      const node = build(b, p);
      out.push(node);
      p += node.nodeSize;
    }
    return out;
  }

  const sections: PMNode[] = [];
  let pos = 0;
  let current: PMNode[] = [];
  let chars = 0;
  let inner = pos + 1;
  const close = () => {
    if (current.length === 0) return;
    const section = n.section.create(null, current);
    sections.push(section);
    pos += section.nodeSize;
    current = [];
    chars = 0;
    inner = pos + 1;
  };
  for (const block of parsed.blocks) {
    const node = build(block, inner);
    current.push(node);
    inner += node.nodeSize;
    chars += node.nodeSize;
    if (current.length >= SECTION_BLOCKS || chars >= SECTION_CHARS) close();
  }
  if (current.length === 0 && sections.length === 0) current.push(emptyPara());
  close();
  return { doc: n.doc.create(null, sections), segments };

  function emptyPara(): PMNode {
    return n.paragraph.create();
  }
}
