// Annotating with A10k present: creating one annotation (with 0, 1k and 10k present), reloading
// W-book + A10k, scrolling it top to bottom, and the JS heap with it open.
import { RUNS, printProfile, repeat, stats } from './harness.mjs';
import { reloadTimed } from './app.mjs';

/** Creates one annotation on the open document: main-thread apply time and time to drawn. */
export const createTimed = (page) =>
  page.evaluate(async () => {
    const { app } = window.__marginalia;
    const r = app.doc;
    let main = 0;
    let write = 0;
    // Every change is applied (state, anchors, highlights) by OpenDocument.apply.
    const orig = r.apply.bind(r);
    r.apply = (c) => {
      const t = performance.now();
      const p = orig(c);
      main += performance.now() - t;
      return p;
    };
    // The IndexedDB transaction (read and rewrite the annotation's page, the count).
    const store = app.store;
    const origWrite = store.applyChanges.bind(store);
    store.applyChanges = async (...args) => {
      const t = performance.now();
      // Returned: the document's state keeps the pages' new revision (drawing record).
      const revised = await origWrite(...args);
      write += performance.now() - t;
      return revised;
    };
    const start = 1000 + Math.floor(Math.random() * 100000);
    await app.editor.select(start, start + 40, false);
    const t0 = performance.now();
    const id = await app.edits.annotateSelection({});
    const total = performance.now() - t0;
    r.apply = orig;
    store.applyChanges = origWrite;
    await app.edits.remove([id]);
    return { main, write, total };
  });

/** The two figures of creating one annotation with `n` present; returns the main-thread row. */
export async function createFigures({ page, record }, n) {
  const runs = await repeat(RUNS, () => createTimed(page));
  const main = record(
    `Create one annotation with ${n} present: main thread`,
    'ms',
    runs.map((r) => r.main),
    {},
    n === 10000 ? '≤ 16 ms, ≤ 2× with none' : '',
  );
  record(
    `Create one annotation with ${n} present: to IndexedDB commit and drawn`,
    'ms',
    runs.map((r) => r.total),
  );
  record(
    `Create one annotation with ${n} present: of which the IndexedDB transaction`,
    'ms',
    runs.map((r) => r.write),
  );
  return main;
}

/** Reload, scroll and heap with the open W-book + A10k (`id`); `bookId` is W-book alone. */
export async function a10kViewScenarios({ context, page, record }, id, bookId) {
  // Reload W-book + A10k: navigation to the highlights in view painted, against reloading
  // W-book alone. Each figure's runs reload the page just shown (`repeat`'s warm-up loads it
  // first), as a reader reloading the book does: the previous page's teardown and garbage count.
  const reload = async (docId) => (await reloadTimed(page, docId))['bench:painted'];
  const plain = stats(await repeat(3, () => reload(bookId))).median;
  const r = record(
    'Reload W-book + A10k (navigation → highlights painted)',
    'ms',
    await repeat(3, () => reload(id)),
    { reload_without_annotations_ms: plain },
    '≤ open + 300 ms',
  );
  r.ratios = { extra_ms: r.median - plain };
  await page.waitForFunction(() => window.__marginalia?.app.ready);
  if (process.env.BENCH_PROFILE) await profileReload(context, page, id, bookId, reload);

  // Scroll W-book + A10k top to bottom.
  await page.evaluate(() => window.__marginalia.app.editor.whenLoaded());
  const scroll = await page.evaluate(async () => {
    const tasks = [];
    const obs = new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => tasks.push(e.duration)),
    );
    obs.observe({ type: 'longtask', buffered: false });
    window.scrollTo(0, 0);
    let last = performance.now();
    let slow = 0;
    const frames = [];
    while (window.scrollY + innerHeight < document.body.scrollHeight - 10) {
      window.scrollBy(0, innerHeight * 0.9);
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      frames.push(now - last);
      if (now - last > 50) slow++;
      last = now;
    }
    obs.disconnect();
    return { longest: Math.max(0, ...tasks), slow, frames: frames.length };
  });
  record(
    'Scroll W-book + A10k: longest task',
    'ms',
    [scroll.longest],
    { frames: scroll.frames },
    'no task over 50 ms',
  );
  record('Scroll W-book + A10k: frames over 50 ms', 'frames', [scroll.slow], {
    frames: scroll.frames,
  });

  // JS heap with W-book + A10k open.
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  record('JS heap, W-book + A10k open', 'MB', [heap.usedSize / 1048576]);
}

/** `BENCH_PROFILE=1`: where a reload of W-book + A10k spends its time: the app's `mg:open:*`
 * marks (ms since navigation) and the top functions of a CPU profile of the reload. */
async function profileReload(context, page, id, bookId, reload) {
  const marks = () =>
    page.evaluate(() =>
      performance
        .getEntriesByType('mark')
        .filter((m) => /^(mg|bench):/.test(m.name))
        .map((m) => `${m.name.replace(/^mg:/, '')} ${m.startTime.toFixed(0)}`)
        .join(', '),
    );
  // Each printed reload follows one of the same document, as the figure's runs do.
  for (const [label, docId] of [
    ['without annotations', bookId],
    ['with A10k', id],
  ])
    for (let i = 0; i < 3; i++) {
      await reload(docId);
      if (i) console.log(`reload marks ${label}:`, await marks());
    }
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await reload(id);
  const { profile } = await cdp.send('Profiler.stop');
  console.log('reload marks with A10k, profiled:', await marks());
  printProfile(profile, 40);
  await cdp.detach();
}
