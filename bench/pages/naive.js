// Naive baseline: what a TipTap user writes first — StarterKit, setContent of the text as HTML,
// annotations as Highlight marks.
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Highlight from '@tiptap/extension-highlight';

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
let editor = null;

window.runNaive = async (paragraphs, highlights = []) => {
  editor?.destroy();
  const root = document.getElementById('root');
  root.innerHTML = '';
  await frame();
  const t0 = performance.now();
  editor = new Editor({
    element: root,
    extensions: [StarterKit, Highlight.configure({ multicolor: true })],
  });
  editor.commands.setContent(
    paragraphs.map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`).join(''),
  );
  if (highlights.length) {
    // Positions: paragraph i starts at offset[i] + 1 in ProseMirror terms; the harness passes
    // ProseMirror positions directly.
    const chain = editor.chain();
    for (const h of highlights)
      chain.setTextSelection({ from: h.from, to: h.to }).setHighlight({ color: h.color });
    chain.run();
  }
  void document.body.offsetHeight;
  await frame();
  return performance.now() - t0;
};
