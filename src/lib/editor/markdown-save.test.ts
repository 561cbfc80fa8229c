import { describe, expect, it } from 'vitest';
import { docToBlocks } from './doc-blocks';
import { recorderSession } from './edit-session.fixtures';
import { parseMarkdown } from '../model/parse-markdown';
import { sameBlocks, writeMarkdownEdit } from '../model/markdown-edit';

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

const MD =
  '# Notes on *reading*\n\nA first paragraph with **bold words** and a [link](https://example.org).\n\n- one item\n- two *items*\n\n> A quote\n\n```\nsome code\n```\n\n3. three\n4. four\n';

function session(md: string) {
  const parsed = parseMarkdown(md);
  return { parsed, ...recorderSession(parsed) };
}

describe('saving an edit of a Markdown document', () => {
  it('gives back the blocks a Markdown document was built from', () => {
    const s = session(MD);
    const blocks = unwrap(docToBlocks(s.state().doc));
    expect(sameBlocks(blocks, s.parsed.blocks)).toBe(true);
  });

  it('an editor edit of a Markdown document is written back as Markdown showing the recorded text', () => {
    const s = session(MD);
    s.apply((st) => st.tr.insertText('*new* ', s.posOf('first paragraph')));
    s.apply((st) => st.tr.insertText('X', s.posOf('items') + 2));
    s.apply((st) => st.tr.split(s.posOf('four') + 2));
    expect(s.rec.error).toBeNull();
    const blocks = unwrap(docToBlocks(s.state().doc));
    const out = writeMarkdownEdit(MD, blocks, s.rec.text);
    if (!out.ok) throw new Error(out.error);
    expect(parseMarkdown(out.value).plainText).toBe(s.rec.text);
    // Untouched blocks keep their bytes: the heading, the quote and the code block.
    for (const kept of ['# Notes on *reading*', '> A quote', '```\nsome code\n```'])
      expect(out.value).toContain(kept);
    expect(out.value).toContain('A \\*new\\* first paragraph with **bold words**');
  });
});
