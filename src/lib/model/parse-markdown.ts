import { Lexer, type Token, type Tokens } from 'marked';
import type { Block, Inline, InlineMark, ParsedDocument } from './types';

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', mdash: '—', ndash: '–', hellip: '…', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', copy: '©' };

/** Decodes the HTML entities Markdown allows in text, so the reader sees `&`, not `&amp;`. */
function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

function cpLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

/// Parses Markdown for display with `marked`'s lexer, building blocks directly (never HTML):
/// raw HTML in the source is shown as literal text. `plainText` is the text as shown, textblocks
/// separated by a blank line, and each textblock's start/end point into it in code points.
export function parseMarkdown(source: string): ParsedDocument {
  const parts: string[] = [];
  let cp = 0;

  const textblock = (type: 'paragraph' | 'heading', content: Inline[], level = 1): Block => {
    const merged = mergeRuns(content);
    const display = merged.map((i) => (i.type === 'hardBreak' ? '\n' : i.text)).join('');
    if (parts.length) cp += 2; // the "\n\n" separating textblocks in plainText
    const start = cp;
    parts.push(display);
    cp += cpLength(display);
    return type === 'heading'
      ? { type, level: Math.min(6, Math.max(1, level)) as 1 | 2 | 3 | 4 | 5 | 6, content: merged, start, end: cp }
      : { type, content: merged, start, end: cp };
  };

  const inlines = (tokens: Token[] | undefined, marks: InlineMark[] = []): Inline[] => {
    const out: Inline[] = [];
    for (const t of tokens ?? []) {
      switch (t.type) {
        case 'strong':
          out.push(...inlines((t as Tokens.Strong).tokens, [...marks, 'bold']));
          break;
        case 'em':
          out.push(...inlines((t as Tokens.Em).tokens, [...marks, 'italic']));
          break;
        case 'codespan':
          out.push(run(decodeEntities((t as Tokens.Codespan).text), [...marks, 'code']));
          break;
        case 'br':
          out.push({ type: 'hardBreak' });
          break;
        case 'link':
        case 'del':
          out.push(...inlines((t as Tokens.Link).tokens, marks));
          break;
        case 'image':
          out.push(run((t as Tokens.Image).text, marks));
          break;
        case 'html':
          out.push(run((t as Tokens.HTML).raw.replace(/\n/g, ' '), marks));
          break;
        case 'text':
        case 'escape': {
          const tt = t as Tokens.Text;
          if (tt.tokens && tt.tokens.length) out.push(...inlines(tt.tokens, marks));
          else out.push(run(decodeEntities(tt.text).replace(/[ \t]*\n[ \t]*/g, ' '), marks));
          break;
        }
        default:
          if ('raw' in t && typeof t.raw === 'string') out.push(run(t.raw, marks));
      }
    }
    return out;
  };

  const blocksOf = (tokens: Token[]): Block[] => {
    const out: Block[] = [];
    for (const t of tokens) {
      switch (t.type) {
        case 'heading':
          out.push(textblock('heading', inlines((t as Tokens.Heading).tokens), (t as Tokens.Heading).depth));
          break;
        case 'paragraph':
          out.push(textblock('paragraph', inlines((t as Tokens.Paragraph).tokens)));
          break;
        case 'text':
          out.push(textblock('paragraph', inlines((t as Tokens.Text).tokens ?? [t])));
          break;
        case 'blockquote':
          out.push({ type: 'blockquote', children: blocksOf((t as Tokens.Blockquote).tokens) });
          break;
        case 'list': {
          const list = t as Tokens.List;
          const items = list.items.map((item) => blocksOf(item.tokens));
          out.push(list.ordered ? { type: 'orderedList', start: Number(list.start) || 1, items } : { type: 'bulletList', items });
          break;
        }
        case 'code': {
          const lines = (t as Tokens.Code).text.split('\n');
          const content: Inline[] = [];
          lines.forEach((l, i) => {
            if (i) content.push({ type: 'hardBreak' });
            content.push(run(l, ['code']));
          });
          out.push(textblock('paragraph', content));
          break;
        }
        case 'html':
          out.push(textblock('paragraph', [run((t as Tokens.HTML).raw.trim())]));
          break;
        case 'table': {
          const table = t as Tokens.Table;
          for (const row of [table.header, ...table.rows]) {
            const content: Inline[] = [];
            row.forEach((cell, i) => {
              if (i) content.push(run(' | '));
              content.push(...inlines(cell.tokens));
            });
            out.push(textblock('paragraph', content));
          }
          break;
        }
        default:
          break; // space, hr, def: nothing to show
      }
    }
    return out;
  };

  const blocks = blocksOf(Lexer.lex(source, { gfm: true }));
  return { plainText: parts.join('\n\n'), blocks };
}

function run(text: string, marks: InlineMark[] = []): Inline {
  return marks.length ? { type: 'text', text, marks: [...new Set(marks)] } : { type: 'text', text };
}

/** Joins adjacent runs with the same marks and drops empty ones. */
function mergeRuns(content: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const i of content) {
    if (i.type === 'text' && !i.text) continue;
    const prev = out[out.length - 1];
    if (i.type === 'text' && prev?.type === 'text' && (prev.marks ?? []).join() === (i.marks ?? []).join()) {
      out[out.length - 1] = { ...prev, text: prev.text + i.text };
    } else out.push(i);
  }
  return out;
}
