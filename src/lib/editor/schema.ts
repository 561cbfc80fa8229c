import { Node } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import Heading from '@tiptap/extension-heading';
import Blockquote from '@tiptap/extension-blockquote';
import { BulletList, OrderedList, ListItem } from '@tiptap/extension-list';
import Bold from '@tiptap/extension-bold';
import Italic from '@tiptap/extension-italic';
import Code from '@tiptap/extension-code';
import { formatExtensions } from './schema-formats';
import { LineBreaks, PRE } from './line-breaks';

/**
 * A run of top-level blocks. Grouping blocks into sections keeps ProseMirror's per-child
 * decoration lookups short on books with tens of thousands of paragraphs, and lets the browser
 * skip layout of off-screen sections (`content-visibility: auto` in reader.css).
 */
export const Section = Node.create({
  name: 'section',
  content: 'block+',
  defining: true,
  parseHTML: () => [{ tag: 'section[data-mg-section]' }],
  renderHTML: () => ['section', { class: 'mg-section', 'data-mg-section': '' }, 0],
});

/** The document is a list of sections; only the node types the parsers produce. A line break
 * inside a textblock is a '\n' of its text, and textblocks keep their whitespace as typed
 * (see line-breaks.ts). */
export const readerSchemaExtensions = [
  Document.extend({ content: 'section+' }),
  Section,
  Paragraph.extend(PRE),
  Text,
  Heading.extend(PRE).configure({ levels: [1, 2, 3, 4, 5, 6] }),
  LineBreaks,
  Blockquote,
  BulletList,
  OrderedList,
  ListItem,
  Bold,
  Italic,
  Code,
  ...formatExtensions,
];
