import { Lexer, type Token, type Tokens } from 'marked';
import type { Block, Inline, InlineMark, ParsedDocument } from './types';
import { cpLength } from './text-index';
import { decodeEntities } from './html-entities';

/**
 * Markdown parsing, built straight from `marked`'s tokens — never through HTML, so raw HTML in
 * the source is shown as literal text and cannot run.
 *
 * Contract: `plainText` is the text as shown, textblocks (paragraphs, headings) joined by "\n\n";
 * each textblock's `start`/`end` are code-point offsets into it, and its displayed text (runs,
 * '\n' per hardBreak) equals `plainText.slice(start, end)` exactly. Text runs never contain
 * '\n' and are never empty; textblocks with nothing to show are left out.
 *
 * Mapping: headings, paragraphs, blockquotes, bullet/ordered lists (tight items' `text` tokens
 * become paragraphs; task checkboxes become ☐/☑), em/strong/codespan → italic/bold/code, links
 * and strikethrough → their text, images → alt text, `br` → hardBreak, soft line breaks → ' ',
 * code blocks and HTML blocks → a paragraph with a hardBreak per line, tables → one paragraph
 * per row with cells joined by ' | ', hr and link definitions → nothing.
 */

/** A text run; line breaks inside it become spaces, so runs never hold '\n'. */
function run(text: string, marks: InlineMark[] = []): Inline {
  const t = text.includes('\n') ? text.replace(/[ \t]*\n[ \t]*/g, ' ') : text;
  return marks.length
    ? { type: 'text', text: t, marks: [...new Set(marks)].sort() }
    : { type: 'text', text: t };
}

/** Lines as runs separated by hardBreaks (code blocks, HTML blocks). */
function lines(text: string, marks: InlineMark[] = []): Inline[] {
  const out: Inline[] = [];
  text.split('\n').forEach((l, i) => {
    if (i) out.push({ type: 'hardBreak' });
    out.push(run(l, marks));
  });
  return out;
}

/** Parses Markdown into blocks under the contract and mapping at the top of this file. Never
 * throws on any input; raw HTML is kept as text. */
export function parseMarkdown(source: string): ParsedDocument {
  return parseMarkdownGroups(source).parsed;
}

/**
 * A top-level Markdown token and the top-level blocks it shows: `raw` is its exact source,
 * starting at `from` (UTF-16 offset into the source with line endings as `\n`: the raws of all
 * groups joined are that source), and it made `parsed.blocks[first … first + count)` (zero for
 * blank lines, rules and link definitions). A text edit rewrites only the groups it touched.
 */
export interface MarkdownGroup {
  from: number;
  raw: string;
  first: number;
  count: number;
}

/** `parseMarkdown`, with the top-level token each block came from (`MarkdownGroup`). */
export function parseMarkdownGroups(source: string): {
  parsed: ParsedDocument;
  groups: MarkdownGroup[];
} {
  const parts: string[] = [];
  let cp = 0;
  /** A task list's checkbox, shown at the start of the item's first textblock. */
  let checkbox = '';

  const textblock = (out: Block[], content: Inline[], level = 0): void => {
    if (checkbox) content.unshift(run(checkbox));
    checkbox = '';
    const merged = mergeRuns(content);
    const display = merged.map((i) => (i.type === 'hardBreak' ? '\n' : i.text)).join('');
    if (!/\S/.test(display)) return;
    if (parts.length) cp += 2; // the "\n\n" separating textblocks in plainText
    const start = cp;
    parts.push(display);
    cp += cpLength(display);
    out.push(
      level
        ? {
            type: 'heading',
            level: Math.min(6, Math.max(1, level)) as 1 | 2 | 3 | 4 | 5 | 6,
            content: merged,
            start,
            end: cp,
          }
        : { type: 'paragraph', content: merged, start, end: cp },
    );
  };

  const inlines = (
    tokens: Token[] | undefined,
    marks: InlineMark[] = [],
    out: Inline[] = [],
  ): Inline[] => {
    for (const t of tokens ?? []) {
      switch (t.type) {
        case 'strong':
          inlines(t.tokens, [...marks, 'bold'], out);
          break;
        case 'em':
          inlines(t.tokens, [...marks, 'italic'], out);
          break;
        case 'codespan': // code spans show entities as written (CommonMark)
          out.push(run((t as Tokens.Codespan).text, [...marks, 'code']));
          break;
        case 'br':
          out.push({ type: 'hardBreak' });
          break;
        case 'link':
        case 'del':
          inlines(t.tokens, marks, out);
          break;
        case 'image':
          out.push(run(decodeEntities((t as Tokens.Image).text), marks));
          break;
        case 'html':
          out.push(run((t as Tokens.HTML).raw, marks));
          break;
        case 'escape':
          out.push(run((t as Tokens.Escape).text, marks));
          break;
        case 'text': {
          const tt = t as Tokens.Text;
          if (tt.tokens?.length) inlines(tt.tokens, marks, out);
          else out.push(run(decodeEntities(tt.text), marks));
          break;
        }
        default:
          if ('raw' in t && typeof t.raw === 'string') out.push(run(t.raw, marks));
      }
    }
    return out;
  };

  const blocksOf = (tokens: Token[], out: Block[] = []): Block[] => {
    for (const t of tokens) {
      switch (t.type) {
        case 'heading':
          textblock(out, inlines(t.tokens), (t as Tokens.Heading).depth);
          break;
        case 'paragraph':
          textblock(out, inlines(t.tokens));
          break;
        case 'text':
          textblock(out, inlines(t.tokens ?? [t]));
          break;
        case 'checkbox':
          checkbox = (t as Tokens.Checkbox).checked ? '☑ ' : '☐ ';
          break;
        case 'blockquote': {
          const children = blocksOf((t as Tokens.Blockquote).tokens);
          if (children.length) out.push({ type: 'blockquote', children });
          break;
        }
        case 'list': {
          const list = t as Tokens.List;
          // Items with nothing to show are dropped: a list item must hold a block.
          const items = list.items
            .map((item) => {
              const blocks = blocksOf(item.tokens);
              checkbox = '';
              return blocks;
            })
            .filter((blocks) => blocks.length);
          if (items.length) {
            out.push(
              list.ordered
                ? { type: 'orderedList', start: Number(list.start) || 1, items }
                : { type: 'bulletList', items },
            );
          }
          break;
        }
        case 'code':
          textblock(out, lines((t as Tokens.Code).text, ['code']));
          break;
        case 'html':
          textblock(out, lines((t as Tokens.HTML).raw.trim()));
          break;
        case 'table': {
          const table = t as Tokens.Table;
          for (const row of [table.header, ...table.rows]) {
            const content: Inline[] = [];
            row.forEach((cell, i) => {
              if (i) content.push(run(' | '));
              inlines(cell.tokens, [], content);
            });
            textblock(out, content);
          }
          break;
        }
        default:
          break; // space, hr, def: nothing to show
      }
    }
    return out;
  };

  const blocks: Block[] = [];
  const groups: MarkdownGroup[] = [];
  let from = 0;
  for (const t of Lexer.lex(source, { gfm: true })) {
    const first = blocks.length;
    blocksOf([t], blocks);
    groups.push({ from, raw: t.raw, first, count: blocks.length - first });
    from += t.raw.length;
  }
  return { parsed: { plainText: parts.join('\n\n'), blocks }, groups };
}

/** Joins adjacent runs with the same marks and drops empty ones. */
function mergeRuns(content: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const i of content) {
    if (i.type === 'text' && !i.text) continue;
    const prev = out[out.length - 1];
    if (
      i.type === 'text' &&
      prev?.type === 'text' &&
      (prev.marks ?? []).join() === (i.marks ?? []).join()
    ) {
      out[out.length - 1] = { ...prev, text: prev.text + i.text };
    } else out.push(i);
  }
  return out;
}
