// The class view on A10k as 30 readers: the analysis by interval sweeps against per-character
// arrays, and opening the class view and its heat-map.
import { RUNS, repeat, stats } from './harness.mjs';

/** Class analysis and class view figures on the open W-book + A10k. */
export async function classScenarios({ page, record }) {
  // Class view: A10k as 30 readers' marks on the whole book. Analysis by interval sweeps,
  // against the obvious per-character arrays (one byte per reader and character) in the
  // same page; then opening the class view (badges on every highlight) and its heat-map.
  const cls = await repeat(RUNS, () =>
    page.evaluate(() => {
      const { app, model } = window.__marginalia;
      const r = app.doc;
      const N = r.index.length;
      const readers = Array.from({ length: 30 }, (_, i) => `Reader ${i + 1}`);
      const marks = r.placed.map((p, i) => ({
        id: p.a.id,
        creator: readers[i % 30],
        start: p.start,
        end: p.end,
        tags: p.a.tags,
        note: p.a.note,
        quote: '',
      }));
      const tags = r.tags.slice(0, 5).map((t) => t.id);
      let t0 = performance.now();
      model.heatMap(marks);
      model.passages(marks);
      model.tagUsage(marks, tags);
      model.readerCounts(marks, readers, tags);
      for (const t of [null, ...tags]) model.agreement(N, marks, readers, t);
      const sweep = performance.now() - t0;
      t0 = performance.now();
      // Baseline: per-character coding, only for "any mark" (the sweep did six codings).
      const coded = readers.map(() => new Uint8Array(N));
      marks.forEach((m) => coded[readers.indexOf(m.creator)].fill(1, m.start, m.end));
      let sum = 0;
      for (let a = 0; a < 30; a++)
        for (let b = a + 1; b < 30; b++) {
          const x = coded[a],
            y = coded[b];
          let n11 = 0;
          for (let k = 0; k < N; k++) n11 += x[k] & y[k];
          sum += n11;
        }
      const naive = performance.now() - t0;
      return { sweep, naive, sum };
    }),
  );
  record(
    'Class analysis, W-book + A10k as 30 readers (heat-map, passages, tags, agreement × 6)',
    'ms',
    cls.map((c) => c.sweep),
    { naive_per_character_any_mark_only_ms: stats(cls.map((c) => c.naive)).median },
    '≤ 1 s, well under naive',
  );
  const view = await repeat(Math.min(RUNS, 3), () =>
    page.evaluate(async () => {
      const { app } = window.__marginalia;
      const frame = () => new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
      const t0 = performance.now();
      app.classView.toggle();
      await frame();
      const open = performance.now() - t0;
      const t1 = performance.now();
      app.classView.setHeat(true);
      await frame();
      const heat = performance.now() - t1;
      app.classView.toggle();
      await frame();
      return { open, heat };
    }),
  );
  record(
    'Open class view on W-book + A10k (badges drawn)',
    'ms',
    view.map((v) => v.open),
    {},
    '≤ 1 s',
  );
  record(
    'Heat-map on W-book + A10k (drawn)',
    'ms',
    view.map((v) => v.heat),
    {},
    '≤ 1 s',
  );
}
