// How many `mark` elements the reader puts in the DOM for W-book + A10k, per build:
// `node bench/ab-pieces.mjs [<other-root>]` serves this checkout's dist/ (and another
// checkout's dist/), seeds W-book + A10k in each, opens it, draws every highlight (those far from
// the view otherwise wait for the reader: `drawAll`, as printing does) and counts the highlight
// elements: in all, per section (the densest, the median) and in the paragraph holding the most
// and in Psalm 119 (the KJV's longest block). ProseMirror draws an inline decoration as
// one element per piece of inline content it covers, so this is the DOM a first layout meets.
import { openTimed } from './app.mjs';
import { abArgs, withBuilds } from './ab-builds.mjs';

const { roots } = abArgs(1);

/** Counts the highlight elements of the open document, all drawn. */
async function pieces(page, id) {
  await openTimed(page, id);
  await page.evaluate(async () => {
    const { doc, editor } = window.__marginalia.app;
    await doc.whenApplied();
    await editor.whenLoaded();
    await editor.whenDrawn?.();
    editor.drawAll?.();
  });
  return page.evaluate(() => {
    const root = document.querySelector('.ProseMirror');
    const sections = [...root.querySelectorAll('section.mg-section')].map((s) => ({
      marks: s.getElementsByTagName('mark').length,
      chars: s.textContent.length,
    }));
    const sorted = sections.map((s) => s.marks).sort((a, b) => a - b);
    const densest = sections.reduce((a, b) => (b.marks > a.marks ? b : a), sections[0]);
    let top = { marks: 0, chars: 0, starts: '' };
    for (const p of root.querySelectorAll('p')) {
      const marks = p.getElementsByTagName('mark').length;
      if (marks > top.marks)
        top = { marks, chars: p.textContent.length, starts: p.textContent.slice(0, 30) };
    }
    // Psalm 119, the KJV's longest block (W-book's paragraph holding this verse).
    const verse = 'Thou puttest away all the wicked of the earth like dross';
    const psalm = [...root.querySelectorAll('p')].find((p) => p.textContent.includes(verse));
    return {
      marks: root.getElementsByTagName('mark').length,
      annotations: new Set(
        [...root.querySelectorAll('mark[data-annotation-id]')].map((m) => m.dataset.annotationId),
      ).size,
      sections: sections.length,
      densest,
      median: sorted[sorted.length >> 1],
      paragraph: top,
      psalm119: psalm && {
        marks: psalm.getElementsByTagName('mark').length,
        chars: psalm.textContent.length,
      },
    };
  });
}

await withBuilds(
  roots,
  () => {},
  async (builds) => {
    for (const b of builds)
      console.log(`${b.name} (${b.root}): ${JSON.stringify(await pieces(b.page, b.id))}`);
  },
);
