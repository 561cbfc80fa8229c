import type { Block, Inline, ParsedDocument } from './types';

/** A line shorter than this ends where the author ended it; a longer one may be a hard wrap. */
const WRAP_MIN = 55;
/** A line that starts a numbered item, a verse ("  12 And God…"), a bullet or a speaker turn. */
const NEW_ITEM = /^\s*(\d+[.:)]?\s|[-*•·]\s|[A-Z][A-Z .'-]{1,30}:\s)/;

const HIGH = /[\uD800-\uDBFF]/;
function cpLength(s: string): number {
  if (!HIGH.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

interface Line {
  text: string;
  /** Code-point offset of the line start in the source. */
  cp: number;
}

/// Parses plain text for display. `plainText` is the source itself (selectors point into the
/// file's exact text). Blocks are separated by blank lines. Inside a block, a line break is kept
/// (a hard break) where it means something — short lines (poetry, addresses), numbered lines,
/// verses, bullets — and shown as a space where the block is hard-wrapped prose (lines of
/// 55+ characters, as in Project Gutenberg's 70–80 column files). Either way one displayed
/// character stands for one code point of the source, so offsets map one-to-one.
export function parsePlainText(source: string): ParsedDocument {
  const blocks: Block[] = [];
  let block: Line[] = [];
  let cp = 0;
  let from = 0;
  const flush = () => {
    if (block.length) blocks.push(buildBlock(block));
    block = [];
  };
  while (from <= source.length) {
    let to = source.indexOf('\n', from);
    if (to === -1) to = source.length;
    const text = source.slice(from, to);
    if (text.trim() === '') flush();
    else block.push({ text, cp });
    cp += cpLength(text) + 1;
    from = to + 1;
  }
  flush();
  return { plainText: source, blocks };
}

function buildBlock(lines: Line[]): Block {
  const last = lines[lines.length - 1];
  const lastText = last.text.trimEnd();
  const bodyLines = lines.slice(0, -1);
  // Prose when most lines that are followed by another line are long.
  const long = bodyLines.filter((l) => l.text.trimEnd().length >= WRAP_MIN).length;
  const prose = bodyLines.length > 0 && long / bodyLines.length >= 0.5;
  const content: Inline[] = [];
  let run = '';
  for (let i = 0; i < lines.length; i++) {
    const text = i === lines.length - 1 ? lastText : lines[i].text;
    run += text;
    if (i === lines.length - 1) break;
    const reflow = prose && text.trimEnd().length >= WRAP_MIN && !NEW_ITEM.test(lines[i + 1].text);
    if (reflow) run += ' ';
    else {
      if (run) content.push({ type: 'text', text: run });
      content.push({ type: 'hardBreak' });
      run = '';
    }
  }
  if (run) content.push({ type: 'text', text: run });
  return { type: 'paragraph', content, start: lines[0].cp, end: last.cp + cpLength(lastText) };
}
