// A/B of "scroll W-book + A10k top to bottom" on a shared machine:
// `node bench/ab-scroll.mjs [<other-root>] [rounds]` serves this checkout's dist/ (and another
// checkout's dist/), seeds W-book + A10k in each and alternates full scrolls (each on a freshly
// opened document, so every section is laid out for the first time). Prints per build the
// longest task of each scroll and the frames over 50 ms; `AB_TRACE=1` adds a `devtools.timeline`
// trace of one scroll each (bench/trace.mjs), with what ran in the longest tasks.
import { loadavg } from 'node:os';
import { stats } from './harness.mjs';
import { openTimed } from './app.mjs';
import { printTrace, startTrace } from './trace.mjs';
import { abArgs, inTurn, withBuilds } from './ab-builds.mjs';

const { roots, turns: rounds } = abArgs(3);

/** Opens the document afresh, then scrolls it top to bottom a screen per frame. */
async function scroll(page, id) {
  await openTimed(page, id);
  await page.evaluate(() => window.__marginalia.app.editor.whenDrawn?.());
  return page.evaluate(async () => {
    const tasks = [];
    const obs = new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => tasks.push([e.duration, window.scrollY])),
    );
    obs.observe({ type: 'longtask', buffered: false });
    window.scrollTo(0, 0);
    let last = performance.now();
    let slow = 0;
    while (window.scrollY + innerHeight < document.body.scrollHeight - 10) {
      window.scrollBy(0, innerHeight * 0.9);
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      if (now - last > 50) slow++;
      last = now;
    }
    await new Promise((r) => setTimeout(r, 100));
    obs.disconnect();
    tasks.sort((a, b) => b[0] - a[0]);
    return {
      longest: tasks[0]?.[0] ?? 0,
      slow,
      top: tasks.slice(0, 5).map((t) => t.map(Math.round)),
    };
  });
}

const builds = await withBuilds(
  roots,
  () => {},
  async (builds) => {
    for (let k = 0; k < rounds; k++)
      for (const b of inTurn(builds, k)) {
        const r = await scroll(b.page, b.id);
        b.runs.push(r);
        console.log(
          `${b.name}: longest ${r.longest} ms, ${r.slow} slow frames, top [ms, scrollY] ${JSON.stringify(r.top)}, load ${loadavg()[0].toFixed(1)}`,
        );
      }
    if (process.env.AB_TRACE)
      for (const b of builds) {
        await openTimed(b.page, b.id);
        const stop = await startTrace(b.context, b.page);
        const r = await scroll(b.page, b.id);
        printTrace(await stop(), {
          label: `${b.name} scroll trace (longest ${r.longest})`,
          top: 6,
        });
      }
    return builds;
  },
);
for (const b of builds)
  console.log(
    `${b.name} (${b.root}): longest task median ${stats(b.runs.map((r) => r.longest)).median} ms, runs ${b.runs.map((r) => r.longest)}`,
  );
