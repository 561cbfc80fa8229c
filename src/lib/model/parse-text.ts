import type { Block, Inline, ParsedDocument } from './types';

/**
 * Plain-text parsing.
 *
 * Contract: `plainText` is the source itself, so selectors point into the file's exact text.
 * Blocks are separated by one or more blank (whitespace-only) lines; each becomes a paragraph
 * whose `start`/`end` is the block's code-point range in the source with surrounding whitespace
 * trimmed. Inside a block each '\n' is shown either as a hard break or — where the block is
 * hard-wrapped prose — as a space in the text run. Either way exactly one displayed character
 * stands for each source code point, so offsets map one-to-one (see `Block` in types.ts).
 *
 * Reflow heuristic (a break is shown as a space only when every condition holds):
 *  - the line before it is long (≥ WRAP_MIN UTF-16 units with indentation): Project Gutenberg
 *    and similar files wrap prose at 70–80 columns, while a short line ends where the author
 *    ended it (last line of a paragraph, poetry, addresses);
 *  - no line of the block is longer than WRAP_MAX: a block with such a line was not wrapped at
 *    a fixed width, so its breaks (e.g. one paragraph per line) are the author's;
 *  - the next line does not begin a numbered item or verse (/^\s*\d+[.:)]?\s/, e.g. the King
 *    James Bible's "  12 And God…"), a bullet (-, *, •, ·) or a speaker turn ("HAMLET: ");
 *  - the next line is not indented deeper than this one (a new indented paragraph, or a hanging
 *    indent in verse);
 *  - the block is mostly long lines, or else the next line starts with a lower-case letter:
 *    in a block of mostly short lines (poetry) a long line is a verse line, unless the next
 *    line plainly continues its sentence.
 * Keeping a break by mistake costs little (a ragged line); reflowing one by mistake runs two
 * lines of verse together, so doubtful cases keep the break.
 */

const WRAP_MIN = 55;
const WRAP_MAX = 100;
/** At a line start (sticky): numbered item/verse, bullet, or speaker turn. `[^\S\n]` is any
 * whitespace but a line break, so a match never leaves the line. */
const NEW_ITEM = /[^\S\n]*(?:\d+[.:)]?[^\S\n]|[-*•·][^\S\n]|[A-Z][A-Z .'-]{1,30}:[^\S\n])/y;
const LOWER_START = /[^\S\n]*\p{Ll}/uy;

/** The one hardBreak object: breaks carry no data, and sharing it spares the garbage collector
 * ~100k objects on a Bible-sized text. Frozen, so a consumer that tried to mutate it would fail
 * loudly instead of changing every break. */
const HARD_BREAK: Inline = Object.freeze({ type: 'hardBreak' });

/** The non-blank lines of the block being built, four UTF-16 indexes each (flat, reused across
 * blocks, so scanning a large file allocates no per-line objects): the line's first character,
 * its first non-whitespace character, the end of its text with trailing whitespace trimmed, and
 * the '\n' ending it (or the source length). */
const START = 0;
const FIRST = 1;
const LAST = 2;
const END = 3;

/** Parses plain text into blocks under the contract and reflow heuristic at the top of this
 * file: `plainText` is `source` itself; one displayed code point per source code point. */
export function parsePlainText(source: string): ParsedDocument {
  const blocks: Block[] = [];
  const cp = codePointCounter(source);
  let lines = new Int32Array(256);
  let n = 0;
  let from = 0;
  while (from <= source.length) {
    let end = source.indexOf('\n', from);
    if (end === -1) end = source.length;
    let first = from;
    while (first < end && isSpace(source.charCodeAt(first))) first++;
    if (first === end) {
      if (n) blocks.push(buildBlock(source, lines, n, cp));
      n = 0;
    } else {
      let last = end;
      while (isSpace(source.charCodeAt(last - 1))) last--;
      if ((n + 1) * 4 > lines.length) {
        const grown = new Int32Array(lines.length * 2);
        grown.set(lines);
        lines = grown;
      }
      const at = n++ * 4;
      lines[at + START] = from;
      lines[at + FIRST] = first;
      lines[at + LAST] = last;
      lines[at + END] = end;
    }
    from = end + 1;
  }
  if (n) blocks.push(buildBlock(source, lines, n, cp));
  return { plainText: source, blocks };
}

/** Builds the paragraph of the block's `n` lines (see `lines` above for the layout). */
function buildBlock(
  source: string,
  lines: Int32Array,
  n: number,
  cp: (i: number) => number,
): Block {
  const width = (i: number) => lines[i * 4 + LAST] - lines[i * 4 + START];
  const indent = (i: number) => lines[i * 4 + FIRST] - lines[i * 4 + START];
  let long = 0;
  let widest = 0;
  for (let i = 0; i < n; i++) {
    const w = width(i);
    if (w > widest) widest = w;
    if (i < n - 1 && w >= WRAP_MIN) long++;
  }
  const wrapped = widest <= WRAP_MAX;
  const mostlyShort = long * 2 < n - 1;

  /** Whether the break after line `i` is shown as a space. */
  const reflow = (i: number): boolean => {
    if (!wrapped || width(i) < WRAP_MIN) return false;
    if (indent(i + 1) > indent(i)) return false;
    const next = lines[(i + 1) * 4 + START];
    NEW_ITEM.lastIndex = next;
    if (NEW_ITEM.test(source)) return false;
    if (!mostlyShort) return true;
    LOWER_START.lastIndex = next;
    return LOWER_START.test(source);
  };

  const content: Inline[] = [];
  // A run spans several source lines when breaks inside it are reflowed; its '\n's become ' '.
  let runStart = lines[FIRST];
  let reflowed = false;
  const pushRun = (to: number) => {
    const text = source.slice(runStart, to);
    content.push({ type: 'text', text: reflowed ? text.replace(/\n/g, ' ') : text });
    reflowed = false;
  };
  for (let i = 0; i < n - 1; i++) {
    if (reflow(i)) {
      reflowed = true;
      continue;
    }
    pushRun(lines[i * 4 + END]); // keeps the line's trailing whitespace: displayed, so counted
    content.push(HARD_BREAK); // stands for the '\n' at the line's END
    runStart = lines[(i + 1) * 4 + START]; // keeps the next line's indentation: displayed too
  }
  pushRun(lines[(n - 1) * 4 + LAST]);
  return {
    type: 'paragraph',
    content,
    start: cp(lines[FIRST]),
    end: cp(lines[(n - 1) * 4 + LAST]),
  };
}

/** Whitespace as JavaScript's `\s` and `String.prototype.trim` define it, except '\n'. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d && c !== 0x0a);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Maps UTF-16 indexes to code-point offsets. Queries must not decrease: the count is carried
 * forward, so a whole document costs one pass (none at all when it has no astral characters).
 * A surrogate pair is one code point; a lone surrogate is one too, as string iteration counts. */
function codePointCounter(s: string): (i: number) => number {
  if (!/[\uD800-\uDBFF]/.test(s)) return (i) => i;
  let at = 0;
  let pairs = 0;
  return (i) => {
    for (; at < i; at++) {
      const c = s.charCodeAt(at);
      if (c >= 0xdc00 && c <= 0xdfff && at > 0) {
        const p = s.charCodeAt(at - 1);
        if (p >= 0xd800 && p <= 0xdbff) pairs++;
      }
    }
    return i - pairs;
  };
}
