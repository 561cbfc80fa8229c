import { describe, expect, it } from 'vitest';
import { parseDocument } from './parse';
import { parseMarkdown } from './parse-markdown';
import { parsePlainText } from './parse-text';

describe('parseDocument', () => {
  it('dispatches on the format', async () => {
    const src = '# Title\n\n*x*';
    expect(await parseDocument(src, 'markdown')).toEqual(parseMarkdown(src));
    expect(await parseDocument(src, 'text')).toEqual(parsePlainText(src));
    expect((await parseDocument(src, 'text')).plainText).toBe(src);
  });
});
