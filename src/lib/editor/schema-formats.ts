import { Mark, Node } from '@tiptap/core';

/**
 * Reader nodes and marks for the richer formats (HTML, DOCX, EPUB, PDF). None of them adds
 * characters beyond the block model's displayed text: labels (page, note number, chapter title)
 * are drawn from `data-*` attributes by CSS, so they are never selected, copied or counted.
 */

/** Element ids carry only safe characters. */
export const domId = (prefix: string, id: string) => `${prefix}-${id.replace(/[^\w-]/g, '_')}`;

export const Note = Node.create({
  name: 'note',
  group: 'block',
  content: 'inline*',
  // Line breaks are '\n' in its text, as in paragraphs (line-breaks.ts).
  whitespace: 'pre',
  addAttributes: () => ({ id: { default: '' }, label: { default: '' } }),
  renderHTML: ({ node }) => [
    'p',
    { class: 'mg-note', id: domId('mg-note', node.attrs.id), 'data-label': node.attrs.label },
    0,
  ],
});

export const Table = Node.create({
  name: 'table',
  group: 'block',
  content: 'tableRow+',
  renderHTML: () => ['table', { class: 'mg-table' }, ['tbody', 0]],
});
export const TableRow = Node.create({
  name: 'tableRow',
  content: 'tableCell+',
  renderHTML: () => ['tr', 0],
});
export const TableCell = Node.create({
  name: 'tableCell',
  content: 'block+',
  renderHTML: () => ['td', 0],
});

export const PageBreak = Node.create({
  name: 'pageBreak',
  group: 'block',
  atom: true,
  selectable: false,
  addAttributes: () => ({ page: { default: 1 }, label: { default: '' } }),
  renderHTML: ({ node }) => [
    'div',
    {
      class: 'mg-page',
      contenteditable: 'false',
      'data-page': String(node.attrs.page),
      'data-label': `p. ${node.attrs.label}`,
      id: domId('mg-page', String(node.attrs.page)),
      'aria-label': `Page ${node.attrs.label}`,
      role: 'separator',
    },
  ],
});

export const Chapter = Node.create({
  name: 'chapter',
  group: 'block',
  atom: true,
  selectable: false,
  // `href` (the EPUB spine item) is not drawn; it is kept so a saved edit stores it again.
  addAttributes: () => ({
    title: { default: '' },
    index: { default: 0 },
    href: { default: '', rendered: false },
  }),
  renderHTML: ({ node }) => [
    'div',
    {
      class: 'mg-chapter',
      contenteditable: 'false',
      id: domId('mg-chapter', String(node.attrs.index)),
      'data-title': node.attrs.title,
      role: 'separator',
      'aria-label': `Chapter: ${node.attrs.title}`,
    },
  ],
});

/** A link: opens in a new tab, never navigates the app (the click handler in read-only.ts). */
export const Link = Mark.create({
  name: 'link',
  inclusive: false,
  addAttributes: () => ({ href: { default: '' } }),
  renderHTML: ({ mark }) => [
    'a',
    { href: mark.attrs.href, target: '_blank', rel: 'noopener noreferrer', class: 'mg-link' },
    0,
  ],
});

/** A footnote marker: jumps to its note inside the document. */
export const NoteRef = Mark.create({
  name: 'noteRef',
  inclusive: false,
  addAttributes: () => ({ note: { default: '' } }),
  renderHTML: ({ mark }) => [
    'a',
    { href: `#${domId('mg-note', mark.attrs.note)}`, class: 'mg-noteref' },
    0,
  ],
});

export const ImagePlaceholder = Mark.create({
  name: 'image',
  renderHTML: () => ['span', { class: 'mg-image' }, 0],
});
export const Superscript = Mark.create({ name: 'sup', renderHTML: () => ['sup', 0] });
export const Subscript = Mark.create({ name: 'sub', renderHTML: () => ['sub', 0] });

export const formatExtensions = [
  Note,
  Table,
  TableRow,
  TableCell,
  PageBreak,
  Chapter,
  Link,
  NoteRef,
  ImagePlaceholder,
  Superscript,
  Subscript,
];
