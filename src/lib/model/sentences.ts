/** End of a sentence: terminal punctuation, optional closing quotes/brackets, then space or end. */
const END = /[.!?…]+["'”’»)\]]*(?=\s|$)/g;

/**
 * The sentence around `offset` in a block of text (UTF-16 indexes, block-local): from just after
 * the previous sentence end (leading spaces skipped) to just after the next sentence end.
 */
export function sentenceAround(text: string, offset: number): { start: number; end: number } {
  let start = 0;
  let end = text.length;
  END.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = END.exec(text)) !== null) {
    const stop = m.index + m[0].length;
    if (stop < offset) start = stop;
    else {
      end = stop;
      break;
    }
  }
  while (start < end && /\s/.test(text[start])) start++;
  return { start, end: Math.max(start, end) };
}
