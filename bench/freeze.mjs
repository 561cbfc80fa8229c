// The freeze scenario of issue #13, measured: A10k imported through the app's import flow
// (file → report → confirm), a highlight near the end of the book, then a jump to its start and
// a selection there with the mouse. Figures: time from confirm to saved and the highlights in and
// near the view drawn (those far from it are drawn only as the reader comes near them:
// src/lib/editor/draw-queue.ts), the longest main-thread task during the import, during the
// highlight, and during jump + selection.

import { locatePhrase } from '../e2e/locate-phrase.mjs';

let page;
/** Starts recording long tasks in the page (`longest` returns the longest and clears them). */
const observe = () =>
  page.evaluate(() => {
    window.__benchTasks = [];
    window.__benchObserver?.disconnect();
    window.__benchObserver = new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => window.__benchTasks.push([e.startTime, e.duration])),
    );
    window.__benchObserver.observe({ type: 'longtask', buffered: false });
  });
const longest = () =>
  page.evaluate(async () => {
    // Long tasks are reported after they end: give the observer a frame and a task.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
    const t = window.__benchTasks.splice(0);
    window.__benchLastTasks = t;
    return Math.max(0, ...t.map((x) => x[1]));
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
 * document (new ids, so the original document keeps its own). `record` as in run.mjs;
 * `importOnly` stops after the import's figures (ab-freeze.mjs) and returns its split.
 */
export async function freezeScenario(p, { bookText, store, record, importOnly = false }) {
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
  // The harness makes the file before measuring: building a 20 MB File is not the app's work.
  await page.evaluate((json) => {
    window.__benchFile = new File([json], 'a10k.json', { type: 'application/json' });
  }, json);
  await frames();
  await observe();
  const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  const imp = await page.evaluate(async () => {
    const { app } = window.__marginalia;
    const t = app.transfer;
    performance.mark('bench:import');
    // The import waits for the reader's answer to its report: answer it as the dialog would.
    const done = t.importFiles([window.__benchFile]);
    const asked = async () => {
      while (!t.pending) await new Promise((r) => setTimeout(r, 20));
    };
    await asked();
    if (t.pending.kind === 'choose-document') await t.chooseDocument(app.doc.meta.id);
    await asked();
    const t0 = performance.now();
    window.__benchT0 = t0;
    performance.mark('bench:confirm');
    await t.confirm();
    await done;
    // Saved and applied whole (the list, the sidebar and the highlights in view, which each
    // applied part draws at once): what a reader looking at the page sees as done.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
    const applied = performance.now() - t0;
    // Highlights near the view (a few screens each way) are drawn in steps after the commit:
    // wait for them. Those farther wait until the reader scrolls or jumps to them.
    await app.editor.whenDrawn();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
    performance.mark('bench:drawn');
    delete window.__benchFile;
    const ms = performance.now() - t0;
    // Where the time went: the app's marks of a large batch (document.svelte.ts).
    const at = (name) => (performance.getEntriesByName(name, 'mark').at(-1)?.startTime ?? t0) - t0;
    const split = ['written', 'anchored', 'applied'].map(
      (m) => `${m} ${at(`mg:batch:${m}`).toFixed(0)}`,
    );
    return { ms, applied, count: app.doc.annotations.length, split: split.join(', ') };
  });
  const importTask = await longest();
  imp.longest = importTask;
  console.log(`import split (ms from confirm): ${imp.split}, near drawn ${imp.ms.toFixed(0)}`);
  const tasks = await page.evaluate(() =>
    window.__benchLastTasks
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([s, d]) => `${d.toFixed(0)} ms at ${(s - window.__benchT0).toFixed(0)}`),
  );
  console.log(`import's longest tasks (start from confirm): ${tasks.join('; ')}`);
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(profile));
  }
  record(
    'Import A10k through the import dialog: confirm → saved and the highlights in and near the view drawn (the rest drawn as the reader scrolls to them)',
    'ms',
    [imp.ms],
    { annotations: imp.count },
    '≤ 1 s',
  );
  record(
    'Import A10k through the import dialog: confirm → saved, applied and the highlights in view drawn',
    'ms',
    [imp.applied],
    { annotations: imp.count },
    '(the part of the row above a reader waits for; the screens around are drawn in steps)',
  );
  record(
    'Import A10k through the import dialog: longest main-thread task (file read to drawn near the view)',
    'ms',
    [importTask],
    {},
    'no task over 50 ms',
  );
  if (importOnly) {
    await page.evaluate((id) => window.__marginalia.app.store.deleteDocument(id), copy);
    return imp;
  }

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
