// The freeze scenario of issue #13, measured: A10k imported through the app's import flow
// (file → report → confirm), a highlight near the end of the book, then a jump to its start and
// a selection there with the mouse. Figures: time from confirm to saved and drawn, the longest
// main-thread task during the import, during the highlight, and during jump + selection.

import { locatePhrase } from '../e2e/locate-phrase.mjs';

let page;
/** Starts recording long tasks in the page (`longest` returns the longest and clears them). */
const observe = () =>
  page.evaluate(() => {
    window.__benchTasks = [];
    window.__benchObserver?.disconnect();
    window.__benchObserver = new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => window.__benchTasks.push(e.duration)),
    );
    window.__benchObserver.observe({ type: 'longtask', buffered: false });
  });
const longest = () =>
  page.evaluate(async () => {
    // Long tasks are reported after they end: give the observer a frame and a task.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
    const t = window.__benchTasks.splice(0);
    return Math.max(0, ...t);
  });
const frames = () =>
  page.evaluate(
    () =>
      new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r)))),
  );

/** Viewport box of `phrase` in the part of the text in view (brought there by the app), once it
 * holds still. */
async function boxOf(phrase) {
  let last = null;
  for (let i = 0; i < 20; i++) {
    const box = await page.evaluate(locatePhrase, phrase);
    if (box && last && box.y === last.y) return box;
    last = box;
    await frames();
  }
  throw new Error(`bench: “${phrase}” not found or never still`);
}

/**
 * Runs the scenario on a fresh copy of W-book, importing the annotations of the open A10k
 * document (new ids, so the original document keeps its own). `record` as in run.mjs.
 */
export async function freezeScenario(p, { bookText, store, record }) {
  page = p;
  const copy = await store(page, 'kjv-freeze.txt', bookText);
  const json = await page.evaluate(async (copy) => {
    const { app, model } = window.__marginalia;
    const r = app.doc;
    const anns = r.annotations.map((a, i) => ({
      ...a,
      id: `urn:uuid:00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
      docId: copy,
    }));
    const meta = await app.store.getDocument(copy);
    const out = JSON.stringify(
      model.serializeCollection(meta, anns, r.tags, { generatedAt: new Date() }),
    );
    await r.open(copy);
    await app.editor.whenLoaded();
    return out;
  }, copy);
  await frames();
  await observe();
  const imp = await page.evaluate(async (json) => {
    const { app } = window.__marginalia;
    const t = app.transfer;
    // The import waits for the reader's answer to its report: answer it as the dialog would.
    const done = t.importFiles([new File([json], 'a10k.json', { type: 'application/json' })]);
    const asked = async () => {
      while (!t.pending) await new Promise((r) => setTimeout(r, 20));
    };
    await asked();
    if (t.pending.kind === 'choose-document') await t.chooseDocument(app.doc.meta.id);
    await asked();
    const t0 = performance.now();
    await t.confirm();
    await done;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
    return { ms: performance.now() - t0, count: app.doc.annotations.length };
  }, json);
  const importTask = await longest();
  record(
    'Import A10k through the import dialog: confirm → saved and drawn',
    'ms',
    [imp.ms],
    { annotations: imp.count },
    '≤ 1 s',
  );
  record(
    'Import A10k through the import dialog: longest main-thread task (file read to drawn)',
    'ms',
    [importTask],
    {},
    'no task over 50 ms',
  );

  // A highlight near the end ("Jesus wept" in the KJV), with the A10k just imported.
  const { end, start } = await page.evaluate(() => {
    const text = window.__marginalia.app.doc.index.text;
    const at = (phrase, fallback) => {
      const i = text.indexOf(phrase);
      if (i >= 0) return { phrase, offset: i };
      let j = Math.floor(text.length * fallback);
      while (text[j] !== ' ') j++;
      return { phrase: text.slice(j + 1, j + 19).replace(/\s[^\s]*$/, ''), offset: j + 1 };
    };
    return { end: at('Jesus wept', 0.8), start: at('Let there be light', 0.0004) };
  });
  await page.evaluate(() => window.__marginalia.app.editor.whenLoaded());
  await frames();
  await observe();
  /** Jumps there the way the app does (`]`, a card, a search hit), then drags over it. */
  const drag = async ({ phrase, offset }) => {
    await page.evaluate((o) => window.__marginalia.app.editor.scrollToOffset(o, 'center'), offset);
    const b = await boxOf(phrase);
    await page.mouse.move(b.x1, b.y);
    await page.mouse.down();
    await page.mouse.move((b.x1 + b.x2) / 2, b.y, { steps: 4 });
    await page.mouse.move(b.x2, b.y, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => window.__marginalia.app.editor.selection, null, {
      timeout: 300000,
    });
    await frames();
  };
  await drag(end);
  await longest(); // the first jump and drag: not what is measured
  await page.evaluate(() => window.__marginalia.app.edits.annotateSelection());
  await frames();
  const highlightTask = await longest();
  record(
    'After the A10k import: highlight a passage (toolbar) — longest task',
    'ms',
    [highlightTask],
    {},
    'no task over 50 ms',
  );
  await drag(start);
  const jumpTask = await longest();
  record(
    'After the A10k import and a highlight: jump across the book and select with the mouse — longest task',
    'ms',
    [jumpTask],
    {},
    'no task over 50 ms; the freeze gone',
  );
  await page.evaluate((id) => window.__marginalia.app.store.deleteDocument(id), copy);
}
