import type { Inline } from './types';
import type { DraftBlock } from './blocks';

/**
 * Writes blocks (as the editor shows a Markdown document: headings, paragraphs, blockquotes,
 * lists; bold, italic and code runs; hard breaks) as Markdown that `parseMarkdown` shows as the
 * same blocks with the same text, character for character. Typed characters Markdown would
 * interpret are escaped (`\*`, `\_`, `` \` ``, `\[`, `\<`, `\&` before an entity, `#`, `>`, `-`,
 * `+`, `=`, `1.` at a line start…); spaces at a line's ends are written as `&#32;` since Markdown
 * drops them. What Markdown cannot hold (an empty paragraph, a line break ending a paragraph, a
 * line break in a heading) is named in `problems`, and the caller refuses the save.
 *
 * Only the blocks an edit touched are written this way (model/markdown-edit.ts); the caller
 * checks the result by parsing it again, so a gap here is refused, never saved.
 */
export function writeBlocks(
  blocks: readonly DraftBlock[],
  problems: string[],
  avoid = '',
  avoidAfter = '',
): string {
  const out: string[] = [];
  let used = avoid;
  blocks.forEach((b, i) => {
    const last = i === blocks.length - 1;
    const { text, marker } = writeBlock(b, problems, last ? [used, avoidAfter] : [used]);
    out.push(text);
    used = marker;
  });
  return out.join('\n\n');
}

/** List markers, so that two lists written one after the other never merge into one. */
const BULLETS = ['-', '*', '+'];
const ORDERED = ['.', ')'];

/** The marker a list takes next to lists marked `used` (one marker kind cannot join them). */
function listMarker(ordered: boolean, used: readonly string[]): string {
  const list = ordered ? ORDERED : BULLETS;
  return list.find((m) => !used.includes(m)) ?? list[0];
}

function writeBlock(
  b: DraftBlock,
  problems: string[],
  used: readonly string[],
): { text: string; marker: string } {
  switch (b.type) {
    case 'paragraph':
      return { text: writeParagraph(b.content, problems), marker: '' };
    case 'heading': {
      if (b.content.some((i) => i.type === 'hardBreak'))
        problems.push(`a heading (“${shown(b.content)}”) cannot hold a line break in Markdown`);
      const body = writeInlines(b.content, problems, true);
      return { text: `${'#'.repeat(b.level)} ${body.replace(/#(?=[\s#]*$)/g, '\\#')}`, marker: '' };
    }
    case 'blockquote':
      return { text: prefix(writeBlocks(b.children, problems), '> ', '>'), marker: '' };
    case 'bulletList':
    case 'orderedList': {
      const ordered = b.type === 'orderedList';
      const marker = listMarker(ordered, used);
      const items = b.items.map((children, i) => {
        const head = ordered ? `${b.start + i}${marker} ` : `${marker} `;
        const body = writeBlocks(children, problems);
        if (!children.length) problems.push('an empty list item cannot be kept in Markdown');
        return head + prefix(body, ' '.repeat(head.length), '', true);
      });
      // Items apart by a blank line when one holds several blocks (a loose list shows the same).
      const loose = b.items.some((c) => c.length > 1);
      return { text: items.join(loose ? '\n\n' : '\n'), marker };
    }
    default:
      problems.push(`a ${b.type} cannot be written in Markdown`);
      return { text: '', marker: '' };
  }
}

/** Indents every line of `text` by `by` (blank lines by `blank`); the first line too unless
 * `skipFirst`. */
function prefix(text: string, by: string, blank: string, skipFirst = false): string {
  return text
    .split('\n')
    .map((l, i) => (skipFirst && i === 0 ? l : l ? by + l : blank))
    .join('\n');
}

/** A paragraph; one whose every run is code only becomes a fenced code block (as code blocks
 * are shown: code lines apart by hard breaks). */
function writeParagraph(content: Inline[], problems: string[]): string {
  const runs = content.filter((i) => i.type === 'text');
  const allCode =
    runs.length > 0 &&
    runs.every((r) => r.type === 'text' && r.marks?.length === 1 && r.marks[0] === 'code');
  if (allCode) {
    const body = content.map((i) => (i.type === 'hardBreak' ? '\n' : i.text)).join('');
    const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((m) => m.length));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    return `${fence}\n${body}\n${fence}`;
  }
  return writeInlines(content, problems, false);
}

/** Characters escaped wherever they are: emphasis, code, links, HTML, entities' `&` (below),
 * strikethrough, table pipes and the escape character itself. */
const ALWAYS = /[\\*_`[\]<|~]/g;

/** Inline content: runs with their marks, hard breaks as a backslash before the line end. */
function writeInlines(content: Inline[], problems: string[], heading: boolean): string {
  const what = heading ? 'a heading' : 'a paragraph';
  if (!/\S/.test(shown(content)))
    problems.push(`${what} with no text cannot be kept in Markdown; remove it before saving`);
  if (content.length && content[content.length - 1].type === 'hardBreak')
    problems.push(`${what} cannot end with a line break in Markdown (“${shown(content)}”)`);
  const lines: Inline[][] = [[]];
  for (const i of content) {
    if (i.type === 'hardBreak') lines.push([]);
    else lines[lines.length - 1].push(i);
  }
  return lines.map((l) => writeLine(l, problems)).join('\\\n');
}

function writeLine(runs: Inline[], problems: string[]): string {
  let out = '';
  runs.forEach((r, k) => {
    if (r.type !== 'text') return;
    const marks = r.marks ?? [];
    if (r.href || r.noteRef || marks.some((m) => m !== 'bold' && m !== 'italic' && m !== 'code'))
      problems.push(`“${r.text.slice(0, 40)}” has formatting Markdown cannot hold here`);
    const first = k === 0;
    const last = k === runs.length - 1;
    out += writeRun(
      r.text,
      marks.includes('bold'),
      marks.includes('italic'),
      marks.includes('code'),
      first,
      last,
    );
  });
  return out;
}

/** A run of text with its marks; spaces at its ends stay outside the delimiters (Markdown's
 * emphasis cannot start or end on a space). */
function writeRun(
  text: string,
  bold: boolean,
  italic: boolean,
  code: boolean,
  lineStart: boolean,
  lineEnd: boolean,
): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(text) as RegExpExecArray;
  const [, lead, core, trail] = m;
  if (!bold && !italic && !code) {
    const plain = escapeText(core, lineStart && !lead);
    if (!plain) return spaces(lead + trail, lineStart, lineEnd);
    return spaces(lead, lineStart, false) + plain + spaces(trail, false, lineEnd);
  }
  if (!core) return spaces(lead + trail, lineStart, lineEnd);
  let body = code ? codeSpan(core) : escapeText(core, false);
  if (italic) body = `*${body}*`;
  if (bold) body = `**${body}**`;
  return spaces(lead, lineStart, false) + body + spaces(trail, false, lineEnd);
}

/** Whitespace; at a line's start or end Markdown drops it, so it is written as entities. */
function spaces(ws: string, atStart: boolean, atEnd: boolean): string {
  if (!ws) return '';
  if (!atStart && !atEnd && !ws.includes('\t')) return ws;
  return [...ws].map((c) => `&#${c.codePointAt(0)};`).join('');
}

/** A code span: fenced by a backtick run longer than any inside; padded when the code starts or
 * ends with a backtick (CommonMark strips one space from each end then). */
function codeSpan(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((s) => s.length));
  const fence = '`'.repeat(longest + 1);
  const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : '';
  return fence + pad + code + pad + fence;
}

/** Escapes plain text so Markdown shows it literally; `lineStart`: it begins a line. */
export function escapeText(text: string, lineStart: boolean): string {
  let s = text
    .replace(ALWAYS, '\\$&')
    .replace(/&(?=#[xX]?[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)/g, '\\&');
  if (lineStart) {
    s = s.replace(/^([#>+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
  }
  return s;
}

/** A block's shown text, shortened, to name it in a message. */
function shown(content: Inline[]): string {
  const t = content.map((i) => (i.type === 'hardBreak' ? ' ' : i.text)).join('');
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}
