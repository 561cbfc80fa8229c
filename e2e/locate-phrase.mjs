// Runs inside the page (pass it to `page.evaluate(locatePhrase, phrase)`): shared by the freeze
// scenario of the benchmark (bench/freeze.mjs) and its regression test (e2e/scale.spec.ts), so
// both select text the same way. Self-contained: Playwright sends its source to the page.

/**
 * Viewport box of `phrase` in the sections in view, scrolled to the middle of the window when
 * it is near an edge; null when it is not in view. Highlights split the text into many nodes,
 * so their joined text is searched, and only in the sections in view: a walk over the whole
 * book would itself be a long task.
 */
export function locatePhrase(phrase) {
  const nodes = [];
  let all = '';
  for (const section of document.querySelector('.ProseMirror').children) {
    const box = section.getBoundingClientRect();
    if (box.bottom < 0 || box.top > innerHeight) continue;
    const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      nodes.push({ node: walker.currentNode, at: all.length });
      all += walker.currentNode.data;
    }
  }
  const start = all.indexOf(phrase);
  if (start < 0) return null;
  const find = (offset) => {
    let k = nodes.length - 1;
    while (k > 0 && nodes[k].at > offset) k--;
    return { node: nodes[k].node, offset: offset - nodes[k].at };
  };
  const a = find(start);
  const b = find(start + phrase.length - 1);
  const range = document.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset + 1);
  let r = range.getBoundingClientRect();
  if (r.top < 80 || r.bottom > innerHeight - 20) {
    window.scrollBy(0, r.top - innerHeight / 2);
    r = range.getBoundingClientRect();
  }
  return { x1: r.left + 1, x2: r.right - 1, y: Math.round(r.top + r.height / 2) };
}
