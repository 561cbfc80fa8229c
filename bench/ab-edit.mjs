// A/B of the 1% edit's save on a shared machine: `node bench/ab-edit.mjs [<other-root>] [turns]`
// serves this checkout's dist/ (and another checkout's dist/, each built beforehand), seeds
// W-book + A10k in each (two origins, one browser) and alternates edit-and-save rounds (the
// typing and the save of bench/edit.mjs), so both builds meet the same load. Prints, per build,
// the medians of "Save text" → saved (the new text applied, its first screens in the editor),
// → shown (a frame after), → the whole new text in the editor (`whenLoaded`), → a frame after it
// (edit.mjs's "to the new text drawn") and → every highlight drawn.
// `AB_MARKS=1` prints each round's `mg:*` marks (ms after "Save text"). `AB_WRAP=1` wraps
// `doc.apply` as edit.mjs did before it returned the promise (the save then resolved before the
// new text was applied, and "drawn" was one frame or the whole text, by a race).
// `AB_TRACE=1` adds a `devtools.timeline` trace of one save on each build (bench/trace.mjs),
// `AB_PROFILE=1` a CPU profile of one (build with `--minify false` for names).
import { loadavg } from 'node:os';
import { printProfile, stats } from './harness.mjs';
import { openTimed } from './app.mjs';
import { printInclusive, printTrace, profileOf, startTrace } from './trace.mjs';
import { abArgs, inTurn, withBuilds } from './ab-builds.mjs';

const { roots, turns } = abArgs(4);
/** The app's marks a save passes, in order (the trace's phases). */
const PHASES = [
  'mg:batch:written',
  'mg:batch:anchored',
  'mg:open:built',
  'mg:open:state',
  'mg:batch:applied',
  'mg:open:complete',
];

/** Types 1% of the text (as edit.mjs) in edit mode; not timed. */
async function type(page, round) {
  await page.evaluate(async (round) => {
    const { app } = window.__marginalia;
    await app.editor.whenLoaded();
    await app.textEdit.start();
    const view = document.querySelector('.ProseMirror').editor.view;
    const size = view.state.doc.content.size;
    const count = Math.round(app.doc.index.length / 100 / 40);
    for (let k = 0; k < count; k++) {
      const pos = Math.floor(((k + 0.5) / count) * (size - 100)) + 1 + round;
      const $pos = view.state.doc.resolve(pos);
      if (!$pos.parent.isTextblock) continue;
      const to = Math.min($pos.end(), pos + 40);
      view.dispatch(view.state.tr.insertText('x'.repeat(to - pos), pos, to));
    }
  }, round);
}

/** Saves the edit: ms from "Save text" to saved, loaded, a frame after (edit.mjs's figure), and
 * every highlight drawn. */
async function save(page) {
  return page.evaluate(async (wrap) => {
    const { app } = window.__marginalia;
    // `AB_WRAP=1`: bench/edit.mjs's timing wrapper of `doc.apply` (which drops its promise).
    const apply = app.doc.apply;
    if (wrap) app.doc.apply = (c) => void apply.call(app.doc, c);
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    performance.mark('ab:save');
    const t0 = performance.now();
    const ok = await app.textEdit.save();
    const saved = performance.now() - t0;
    // The first frame once the save resolved: the new text's first screens shown.
    await frame();
    const shown = performance.now() - t0;
    performance.mark('ab:shown');
    await app.editor.whenLoaded();
    const loaded = performance.now() - t0;
    await frame();
    const drawn = performance.now() - t0;
    performance.mark('ab:drawn');
    await app.editor.whenDrawn();
    const all = performance.now() - t0;
    performance.mark('ab:all');
    if (wrap) delete app.doc.apply;
    // The app's marks during the round, ms after "Save text".
    const marks = performance
      .getEntriesByType('mark')
      .filter((m) => m.startTime >= t0 && m.name.startsWith('mg:'))
      .map((m) => `${m.name.slice(3)} ${Math.round(m.startTime - t0)}`)
      .join(', ');
    return { ok, saved, shown, loaded, drawn, all, marks };
  }, !!process.env.AB_WRAP);
}

/** One edit-and-save round (the round number shifts the edited places). */
async function round(page, k) {
  await type(page, k);
  return save(page);
}

let k = 0;
const builds = await withBuilds(
  roots,
  async ({ page, id }) => {
    await openTimed(page, id);
    await round(page, k++); // warm-up
  },
  async (builds) => {
    for (let t = 0; t < turns; t++) {
      k++;
      for (const b of inTurn(builds, t)) b.runs.push(await round(b.page, k));
      const one = (b) => {
        const r = b.runs.at(-1);
        return `${b.name} saved ${r.saved.toFixed(0)} shown ${r.shown.toFixed(0)} drawn ${r.drawn.toFixed(0)}`;
      };
      console.log(
        `turn ${t + 1}/${turns}, load ${loadavg()[0].toFixed(1)}: ${builds.map(one).join('; ')}`,
      );
      if (process.env.AB_MARKS)
        for (const b of builds) console.log(`  ${b.name}: ${b.runs.at(-1).marks}`);
    }
    for (const b of builds) {
      if (process.env.AB_TRACE) {
        await type(b.page, ++k);
        const stop = await startTrace(b.context, b.page);
        let r;
        // The JS each long task ran, from a CPU profile taken with the trace.
        const profile = await profileOf(b.context, b.page, 500, async () => {
          r = await save(b.page);
        });
        console.log(`${b.name}, traced save:`, JSON.stringify(r));
        printTrace(await stop(), {
          label: `${b.name} trace`,
          from: 'ab:save',
          until: process.env.AB_WRAP ? 'ab:drawn' : 'ab:shown',
          top: 12,
          profile,
          phases: ['ab:save', ...PHASES, 'ab:shown', 'ab:drawn'],
        });
      }
      if (process.env.AB_PROFILE) {
        await type(b.page, ++k);
        let r;
        const profile = await profileOf(b.context, b.page, 200, async () => {
          r = await save(b.page);
        });
        console.log(`${b.name}, profile of one save:`, JSON.stringify(r));
        printProfile(profile, 30);
        printInclusive(profile, 50);
      }
    }
    return builds;
  },
);

const fmt = (xs) => {
  const s = stats(xs);
  return `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
};
for (const b of builds) {
  const runs = b.runs.filter((r) => r.ok);
  console.log(
    `${b.name} (${b.root}), ${runs.length}/${b.runs.length} saved: saved ` +
      `${fmt(runs.map((r) => r.saved))} ms, shown ${fmt(runs.map((r) => r.shown))}, loaded ${fmt(runs.map((r) => r.loaded))}, ` +
      `drawn ${fmt(runs.map((r) => r.drawn))}, all highlights drawn ${fmt(runs.map((r) => r.all))}`,
  );
}
