// A10k as data: re-anchoring after 1% of the text changed, exporting to W3C JSON (in the page and
// as the app does it, in a Web Worker), and importing it (parse, plan, anchor, one transaction).
import { RUNS, repeat } from './harness.mjs';
import { store } from './app.mjs';

/** Re-anchor, export and import figures on the open W-book + A10k. */
export async function a10kDataScenarios({ page, W, record }) {
  // Re-anchor A10k after 1% of the text changed (fuzzy path), correctness counted.
  const anchorRuns = await repeat(Math.min(RUNS, 3), () =>
    page.evaluate(async () => {
      const { app, model } = window.__marginalia;
      const anns = app.doc.annotations;
      const text = app.doc.index.text;
      // Scattered edits totalling 1% of the text: insert words at 200 places.
      const edits = [];
      const step = Math.floor(text.length / 200);
      let changed = '';
      let at = 0;
      const ins = ' and verily, as it is written in the margin, behold,';
      const per = Math.ceil((text.length * 0.01) / 200 / ins.length);
      for (let i = 1; i <= 200; i++) {
        let p = i * step - 7;
        while (p < text.length && text[p] !== ' ') p++;
        changed += text.slice(at, p) + ins.repeat(per);
        edits.push(p);
        at = p;
      }
      changed += text.slice(at);
      const index = new model.TextIndex(changed);
      const t0 = performance.now();
      const anchors = model.anchorAll(
        index,
        anns.map((a) => a.target),
      );
      const ms = performance.now() - t0;
      let lost = 0;
      let misplaced = 0;
      anns.forEach((a, i) => {
        const an = anchors[i];
        const hit = edits.some(
          (e) => e >= a.target.position.start - 32 && e <= a.target.position.end + 32,
        );
        if (an.status === 'orphan') {
          if (!hit) lost++;
          return;
        }
        if (!hit && index.slice(an.start, an.end) !== a.target.quote.exact) misplaced++;
      });
      return { ms, lost, misplaced };
    }),
  );
  record(
    'Re-anchor A10k after 1% text change',
    'ms',
    anchorRuns.map((r) => r.ms),
    { lost: anchorRuns[0].lost, misplaced: anchorRuns[0].misplaced },
    '≤ 2 s, 0 lost or misplaced',
  );

  await exportScenarios({ page, record });
  const imp = await repeat(Math.min(RUNS, 3), async () => {
    const target = await store(page, 'kjv-import.txt', W.book.text);
    return page.evaluate(async (target) => {
      const { app, model } = window.__marginalia;
      const r = app.doc;
      const json = JSON.stringify(
        model.serializeCollection(r.meta, r.annotations, r.tags, { generatedAt: new Date() }),
      );
      const t0 = performance.now();
      const parsed = model.parseW3C(JSON.parse(json), {
        now: () => new Date(),
        uuid: () => crypto.randomUUID(),
      });
      const text = await app.store.getText(target);
      const index = new model.TextIndex(text.source);
      const tagSet = await app.store.getTagSet(target);
      const plan = model.planImport(parsed.value, {
        docId: target,
        index,
        existing: [],
        tags: tagSet.tags,
        env: { now: () => new Date(), uuid: () => crypto.randomUUID() },
      });
      await app.store.importBatch({
        annotations: plan.put,
        tagSets: [{ docId: target, tags: plan.tags }],
      });
      const ms = performance.now() - t0;
      await app.store.deleteDocument(target);
      return ms;
    }, target);
  });
  record('Import A10k (parse, plan, anchor, one transaction)', 'ms', imp, {}, '≤ 1 s');
}

/** Export figures on the open W-book + A10k: in the page (compact, for comparison with earlier
 * runs) and as the app does it (in a Web Worker): the longest main-thread task while it runs,
 * and the time until the file exists. */
export async function exportScenarios({ page, record }) {
  const exp = await repeat(RUNS, () =>
    page.evaluate(() => {
      const { app, model } = window.__marginalia;
      const r = app.doc;
      const t0 = performance.now();
      const s = JSON.stringify(
        model.serializeCollection(r.meta, r.annotations, r.tags, { generatedAt: new Date() }),
      );
      return { ms: performance.now() - t0, size: s.length };
    }),
  );
  record(
    'Export A10k to W3C JSON, in the page (compact)',
    'ms',
    exp.map((e) => e.ms),
    { bytes: exp[0].size },
  );
  // What the app does: the file (indented) is built in a Web Worker, which reads the records
  // from IndexedDB itself. Longest main-thread task while it runs, and time until the file exists.
  const expWorker = await repeat(RUNS, () =>
    page.evaluate(async () => {
      const { app } = window.__marginalia;
      const tasks = [];
      const obs = new PerformanceObserver((l) =>
        l.getEntries().forEach((e) => tasks.push(e.duration)),
      );
      obs.observe({ type: 'longtask', buffered: false });
      const t0 = performance.now();
      const p = app.exports.w3cBlob();
      const posted = performance.now() - t0;
      const blob = await p;
      const ms = performance.now() - t0;
      await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
      obs.disconnect();
      return { ms, posted, longest: Math.max(0, ...tasks), size: blob.size };
    }),
  );
  record(
    'Export A10k to W3C JSON (app: Web Worker): main thread',
    'ms',
    expWorker.map((e) => Math.max(e.posted, e.longest)),
    { bytes: expWorker[0].size },
    '≤ 200 ms, or off the main thread with no task > 50 ms',
  );
  record(
    'Export A10k to W3C JSON (app: Web Worker): until the file exists',
    'ms',
    expWorker.map((e) => e.ms),
  );
}
