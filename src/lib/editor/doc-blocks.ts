import type { Node as PMNode } from '@tiptap/pm/model';
import type { Block, Inline, InlineMark } from '../model/types';

const MARKS = new Set<string>(['bold', 'italic', 'code', 'image', 'sup', 'sub']);

/**
 * The blocks an edited document holds, in the model's terms (the inverse of `buildDoc` for the
 * blocks a Markdown or text document has): what a save writes back as the document's source.
 * `start`/`end` are 0: the recorder's text, not this, says where each character is. A node
 * this does not know (tables, notes, page and chapter markers) yields null.
 */
export function blocksOfDoc(doc: PMNode): Block[] | null {
  const out: Block[] = [];
  let unknown = false;
  const blocks = (parent: PMNode, into: Block[]) => {
    parent.forEach((node) => {
      const b = blockOf(node);
      if (b === 'section') blocks(node, into);
      else if (b) into.push(b);
      else unknown = true;
    });
  };
  const blockOf = (node: PMNode): Block | 'section' | null => {
    switch (node.type.name) {
      case 'section':
        return 'section';
      case 'paragraph':
        return { type: 'paragraph', content: inlines(node), start: 0, end: 0 };
      case 'heading':
        return {
          type: 'heading',
          level: node.attrs.level as 1 | 2 | 3 | 4 | 5 | 6,
          content: inlines(node),
          start: 0,
          end: 0,
        };
      case 'blockquote': {
        const children: Block[] = [];
        blocks(node, children);
        return { type: 'blockquote', children };
      }
      case 'bulletList':
      case 'orderedList': {
        const items: Block[][] = [];
        node.forEach((item) => {
          const children: Block[] = [];
          blocks(item, children);
          items.push(children);
        });
        return node.type.name === 'orderedList'
          ? { type: 'orderedList', start: Number(node.attrs.start) || 1, items }
          : { type: 'bulletList', items };
      }
      default:
        return null;
    }
  };
  blocks(doc, out);
  return unknown ? null : out;
}

function inlines(node: PMNode): Inline[] {
  const out: Inline[] = [];
  node.forEach((child) => {
    if (child.type.name === 'hardBreak') return void out.push({ type: 'hardBreak' });
    if (!child.isText || !child.text) return;
    const marks = child.marks
      .map((m) => m.type.name)
      .filter((m) => MARKS.has(m))
      .sort() as InlineMark[];
    const href = child.marks.find((m) => m.type.name === 'link')?.attrs.href as string | undefined;
    out.push({
      type: 'text',
      text: child.text,
      ...(marks.length ? { marks } : {}),
      ...(href ? { href } : {}),
    });
  });
  return out;
}
