// A/B of the reload figure on a shared machine: `node bench/ab-reload.mjs <other-root> [pairs]`
// serves this checkout's dist/ and another checkout's dist/ (each built beforehand), seeds
// W-book + A10k in each (two origins, two IndexedDBs, one browser) and alternates their reloads,
// so that both builds meet the same load. Prints, per build, the median reload to "highlights
// painted" (bench/app.mjs, `markPainted`) with and without the annotations, the extra, and the median of each `mg:open:*` mark.
import { loadavg } from 'node:os';
import { printProfile, stats } from './harness.mjs';
import { openTimed, reloadTimed as reload, store } from './app.mjs';
import { printInclusive, profileOf } from './trace.mjs';
import { W, abArgs, inTurn, withBuilds } from './ab-builds.mjs';

const { roots, turns: pairs } = abArgs(6);

const builds = await withBuilds(
  roots,
  async (b) => {
    b.bookId = await store(b.page, 'kjv.txt', W.book.text);
    Object.assign(b, { plain: [], a10k: [] });
    await openTimed(b.page, b.id);
    await reload(b.page, b.bookId); // warm-up
    await reload(b.page, b.id);
  },
  async (builds) => {
    for (let k = 0; k < pairs; k++) {
      for (const b of inTurn(builds, k)) {
        // Each recorded reload follows one of the same document, as a reader reloading it.
        await reload(b.page, b.bookId);
        b.plain.push(await reload(b.page, b.bookId));
        await reload(b.page, b.id);
        b.a10k.push(await reload(b.page, b.id));
      }
      console.log(`pair ${k + 1}/${pairs}, load ${loadavg()[0].toFixed(1)}`);
    }
    // `AB_PROFILE=1`: the top functions of a CPU profile of one A10k reload of each build (build
    // with `--minify false` for names).
    if (process.env.AB_PROFILE)
      for (const b of builds) {
        await reload(b.page, b.id); // the profiled reload follows one of the same document
        let marks;
        const profile = await profileOf(b.context, b.page, 200, async () => {
          marks = await reload(b.page, b.id);
        });
        console.log(`${b.name}, profiled reload:`, JSON.stringify(marks));
        printProfile(profile, 30);
        printInclusive(profile, 40);
      }
    return builds;
  },
);

/** The figure: navigation → the highlights in view painted (bench/app.mjs, `markPainted`). */
const FIGURE = 'bench:painted';
const med = (runs, mark) => stats(runs.map((r) => r[mark] ?? NaN)).median;
for (const b of pairs ? builds : []) {
  const plain = med(b.plain, FIGURE);
  const a10k = med(b.a10k, FIGURE);
  console.log(
    `${b.name} (${b.root}): reload ${a10k.toFixed(0)} ms with A10k, ${plain.toFixed(0)} ms ` +
      `without, extra ${(a10k - plain).toFixed(0)} ms; pairs' extras ` +
      b.a10k.map((r, i) => (r[FIGURE] - b.plain[i][FIGURE]).toFixed(0)),
  );
  const marks = Object.keys(b.a10k[0]).sort((x, y) => med(b.a10k, x) - med(b.a10k, y));
  for (const [label, runs] of [
    ['  marks with A10k', b.a10k],
    ['  marks without', b.plain],
  ])
    console.log(label + ': ' + marks.map((m) => `${m} ${med(runs, m).toFixed(0)}`).join(', '));
}
