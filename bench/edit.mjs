// The edit scenario of issue #16, measured: on W-book with A10k open, the reader edits 1% of
// the text (replacements spread over the book, each a real editor transaction recorded by
// EditRecorder) and saves it as a new version. Figures: the save from "Save text" to the new
// version stored, its annotations carried and applied (the new text's first screens in the
// editor), split into where the time goes (edit map + outcomes for every annotation, SHA-256,
// the IndexedDB write, re-anchoring and drawing); then to the new text shown (a frame after the
// save) and drawn (all of it in the editor, appended in steps, and a frame).

import { printProfile } from './harness.mjs';

/**
 * Runs `runs` edit-and-save rounds on the open document (W-book with A10k), each on the version
 * the previous one saved. `record` as in run.mjs.
 */
export async function editScenario(page, { record, runs }) {
  const rounds = [];
  // `BENCH_PROFILE=1`: a CPU profile of the warm-up round (the save only) through CDP, its top
  // functions by self time printed: where the save's time goes.
  const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  for (let i = 0; i <= runs; i++) {
    // The typing first (not profiled), then the save.
    const typed = await page.evaluate(async (round) => {
      const { app } = window.__marginalia;
      await app.editor.whenLoaded();
      await app.textEdit.start();
      const editor = document.querySelector('.ProseMirror').editor;
      const view = editor.view;
      // 1% of the text's characters: replacements of 40 characters by 40 others, spread evenly.
      const size = view.state.doc.content.size;
      const total = app.doc.index.length;
      const count = Math.round(total / 100 / 40);
      const t0 = performance.now();
      for (let k = 0; k < count; k++) {
        const pos = Math.floor(((k + 0.5) / count) * (size - 100)) + 1 + round;
        const $pos = view.state.doc.resolve(pos);
        if (!$pos.parent.isTextblock) continue;
        const from = pos;
        const to = Math.min($pos.end(), from + 40);
        view.dispatch(view.state.tr.insertText('x'.repeat(to - from), from, to));
      }
      return performance.now() - t0;
    }, i);
    if (cdp && i === 0) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
      await cdp.send('Profiler.start');
    }
    rounds.push(
      await page.evaluate(async () => {
        const { app } = window.__marginalia;
        const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const t = { write: 0, apply: 0, clone: {}, read: 0, catchUp: null };
        // Only the save's own requests are counted: the pages' rewrite after it (catchUp) is
        // timed apart below.
        let saving = true;
        // Where the write's main-thread time goes: each put() serialises its value (structured
        // clone) synchronously, by store; reading a request's result deserialises it.
        const proto = IDBObjectStore.prototype;
        const put = proto.put;
        proto.put = function (...a) {
          const s = performance.now();
          try {
            return put.apply(this, a);
          } finally {
            if (saving) t.clone[this.name] = (t.clone[this.name] ?? 0) + performance.now() - s;
          }
        };
        const resultGet = Object.getOwnPropertyDescriptor(IDBRequest.prototype, 'result').get;
        Object.defineProperty(IDBRequest.prototype, 'result', {
          configurable: true,
          get() {
            const s = performance.now();
            try {
              return resultGet.call(this);
            } finally {
              if (saving) t.read += performance.now() - s;
            }
          },
        });
        const store = app.store;
        const write = store.applyChanges.bind(store);
        store.applyChanges = async (...a) => {
          const s = performance.now();
          // Returned: the document's state keeps the pages' new revision (drawing record).
          const revised = await write(...a);
          t.write = performance.now() - s;
          return revised;
        };
        // Its promise returned and awaited: a save's batch (thousands of carried annotations) is
        // anchored in steps and its text drawn afresh after this returns, and the save resolves
        // once that is done. Dropping it let the save resolve before the new text was applied,
        // so `whenLoaded` below was the old text's (already resolved) or the new one's by a race.
        const doc = app.doc;
        const apply = doc.apply.bind(doc);
        doc.apply = async (c) => {
          const s = performance.now();
          // Awaited, so that the row times the whole apply (anchoring in steps, the new text's
          // first screens drawn), which `commit` awaits too.
          await apply(c);
          t.apply = performance.now() - s;
        };
        // A save that leaves the pages to be carried on read (schema 5) has them rewritten once
        // the page is idle (`LibraryStore.catchUp`): timed from its call to its commit, and
        // awaited before the next round so that rounds never overlap.
        let caught = null;
        const catchUp = store.catchUp?.bind(store);
        if (catchUp)
          caught = new Promise((resolve) => {
            store.catchUp = (id) => {
              const s = performance.now();
              const p = catchUp(id);
              p.finally(() => resolve(performance.now() - s));
              return p;
            };
          });
        const t0 = performance.now();
        const ok = await app.textEdit.save();
        const saved = performance.now() - t0;
        saving = false;
        // The save resolves with the new text's first screens in the editor: painted at the next
        // frame; the rest of the text is appended in steps (`whenLoaded`).
        await frame();
        const shown = performance.now() - t0;
        await app.editor.whenLoaded();
        await frame();
        const drawn = performance.now() - t0;
        if (caught) t.catchUp = await caught;
        if (catchUp) store.catchUp = catchUp;
        store.applyChanges = write;
        doc.apply = apply;
        proto.put = put;
        Object.defineProperty(IDBRequest.prototype, 'result', {
          configurable: true,
          get: resultGet,
        });
        return { ok, saved, shown, drawn, ...t, counts: app.textEdit.lastCounts };
      }),
    );
    rounds[i].typed = typed;
    if (cdp && i === 0) printProfile((await cdp.send('Profiler.stop')).profile);
  }
  // A round whose save did not happen (seen under heavy load: the editor not ready, the save
  // refused) would count as a near-zero save: it is left out, and said.
  const measured = rounds.slice(1).filter((r) => r.ok);
  if (measured.length < runs) console.log(`edit: ${runs - measured.length} round(s) not saved`);
  if (!measured.length) return;
  console.log('edit rounds', JSON.stringify(rounds.map((r) => r.counts)));
  console.log(
    'edit write split (ms: put() structured clone by store, results read, round total)',
    JSON.stringify(
      rounds.map((r) => ({
        clone: Object.fromEntries(Object.entries(r.clone).map(([k, v]) => [k, Math.round(v)])),
        read: Math.round(r.read),
        write: Math.round(r.write),
        catchUp: r.catchUp === null ? null : Math.round(r.catchUp),
      })),
    ),
  );
  record(
    'Save a 1% edit of W-book with A10k: new version stored and annotations carried',
    'ms',
    measured.map((r) => r.saved),
    {},
    '≤ 1 s',
  );
  record(
    'Save a 1% edit of W-book with A10k: to the new text shown (its first screens painted)',
    'ms',
    measured.map((r) => r.shown),
  );
  record(
    'Save a 1% edit of W-book with A10k: to the new text drawn',
    'ms',
    measured.map((r) => r.drawn),
  );
  record(
    '… of which: edit map, outcomes of every annotation and SHA-256 (before the write)',
    'ms',
    measured.map((r) => r.saved - r.write - r.apply),
  );
  record(
    '… of which: IndexedDB write (text, version, moved annotations)',
    'ms',
    measured.map((r) => r.write),
  );
  record(
    '… … structured clone of the rewritten annotation pages (put, main thread)',
    'ms',
    measured.map((r) => r.clone.annotationPages ?? 0),
  );
  record(
    '… … structured clone of the new text and version records (put, main thread)',
    'ms',
    measured.map((r) => (r.clone.texts ?? 0) + (r.clone.versions ?? 0)),
  );
  record(
    '… … reading back the pages the moved annotations are in (deserialise)',
    'ms',
    measured.map((r) => r.read),
  );
  record(
    '… of which: apply (re-anchor the moved annotations, start drawing)',
    'ms',
    measured.map((r) => r.apply),
  );
  if (measured.some((r) => r.catchUp !== null))
    record(
      'After the save, not part of it: the pages rewritten carried once the page is idle (catchUp, call → commit)',
      'ms',
      measured.map((r) => r.catchUp ?? 0),
    );
  record(
    'Typing the 1% edit: ~1,000 editor transactions recorded (EditRecorder)',
    'ms',
    measured.map((r) => r.typed),
  );
}
